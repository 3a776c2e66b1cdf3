import { useEffect, useState } from "react";
import { useSession } from "../session";

/** When the session ends if left idle, in the user's local time, updated every 15 seconds. */
export function SessionClock() {
  const { expiresAt } = useSession();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 15_000);
    return () => window.clearInterval(timer);
  }, []);
  if (!expiresAt) return null;
  const minutes = Math.max(0, Math.round((expiresAt.getTime() - now) / 60_000));
  const time = expiresAt.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  return (
    <span className={minutes <= 5 ? "session-clock ending" : "session-clock"} aria-live="polite">
      Session ends at {time} ({minutes} min idle left)
    </span>
  );
}
