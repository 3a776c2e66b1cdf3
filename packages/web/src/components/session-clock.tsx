import { useEffect, useState } from "react";
import { useSession } from "../session";

/**
 * When the session ends if left idle, in the user's local time, updated every 15 seconds. Once
 * that time has passed it says so and asks the server: a session another tab kept alive slides
 * on, an ended one signs the user out with the reason (her open forms keep their input).
 */
export function SessionClock() {
  const { api, expiresAt } = useSession();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 15_000);
    return () => window.clearInterval(timer);
  }, []);
  const ended = expiresAt !== null && now >= expiresAt.getTime();
  useEffect(() => {
    // The answer itself moves the clock on or signs out; a network failure changes nothing.
    if (ended) api.get("/me").catch(() => undefined);
  }, [api, ended]);
  if (!expiresAt) return null;
  const minutes = Math.max(0, Math.round((expiresAt.getTime() - now) / 60_000));
  const time = expiresAt.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  return (
    <span className={minutes <= 5 ? "session-clock ending" : "session-clock"} aria-live="polite">
      {ended ? `Session ended at ${time}` : `Session ends at ${time} (${minutes} min idle left)`}
    </span>
  );
}
