import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useMemo, useRef, useState } from "react";
import { type ApiClient, ApiFailure, createApiClient } from "./api-client";
import type { Me } from "./api-types";

/** The signed-in user, the API client on her session, and when the session ends. */
export interface Session {
  api: ApiClient;
  me: Me | null;
  loading: boolean;
  /** Estimated end of the session: the server slides it forward with every request. */
  expiresAt: Date | null;
  /** Why the user is signed out, e.g. after her session expired. */
  signedOutBecause: string | null;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/** The session of the page; inside `SessionProvider` only. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}

/**
 * Holds the session: reads GET /api/me once, signs in and out, and tracks the session's end.
 * The server extends a session by its idle time on every request, so the end shown is the last
 * answer's time plus that idle time; a 401 signs the user out with a message.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const idleMs = useRef<number | null>(null);
  const [expiresAt, setExpiresAt] = useState<Date | null>(null);
  const [signedOutBecause, setSignedOutBecause] = useState<string | null>(null);
  const csrf = useRef<string | undefined>(undefined);

  const api = useMemo(
    () =>
      createApiClient({
        csrfToken: () => csrf.current,
        onAnswer: (status) => {
          if (status === 401 && csrf.current) {
            csrf.current = undefined;
            setSignedOutBecause("Your session expired. Sign in again; nothing you saved was lost.");
            queryClient.setQueryData(["me"], null);
            return;
          }
          if (idleMs.current !== null) setExpiresAt(new Date(Date.now() + idleMs.current));
        },
      }),
    [queryClient],
  );

  const adopt = (me: Me) => {
    csrf.current = me.csrfToken;
    const ends = new Date(me.sessionExpiresAt);
    idleMs.current = Math.max(60_000, ends.getTime() - Date.now());
    setExpiresAt(ends);
  };

  const meQuery = useQuery({
    queryKey: ["me"],
    queryFn: async () => {
      try {
        const me = await api.get<Me>("/me");
        adopt(me);
        return me;
      } catch (error) {
        if (error instanceof ApiFailure && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });

  const session: Session = {
    api,
    me: meQuery.data ?? null,
    loading: meQuery.isPending,
    expiresAt,
    signedOutBecause,
    signIn: async (username, password) => {
      const me = await api.send<Me>("POST", "/auth/login", { username, password });
      adopt(me);
      setSignedOutBecause(null);
      queryClient.clear();
      queryClient.setQueryData(["me"], me);
    },
    signOut: async () => {
      await api.send("POST", "/auth/logout");
      csrf.current = undefined;
      setSignedOutBecause("You signed out.");
      queryClient.clear();
      queryClient.setQueryData(["me"], null);
    },
  };
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
