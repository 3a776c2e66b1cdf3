import type { Store } from "@ciclo/store";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env";
import { demoPassword, demoStudyCodes } from "./demo-study";

/**
 * The demo's password is printed in the README, so it may open only the demo, only to someone
 * at the machine Ciclo runs on: a sign-in with it is refused (403) when the database holds any
 * study but the demo, or when the client is not on the loopback interface (a request relayed by
 * a proxy counts as remote).
 */
export function demoPasswordOnlyOnTheDemo(store: Store): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method === "POST" && c.req.path.endsWith("/auth/login")) {
      const body: unknown = await c.req.json().catch(() => undefined);
      const password = (body as { password?: unknown } | undefined)?.password;
      if (password === demoPassword && !(fromThisMachine(c) && (await onlyTheDemo(store)))) {
        return c.json(
          {
            code: "demo_password_refused",
            message:
              "the shared demo password signs in only to the demo study and only from the machine Ciclo runs on; ask an administrator for a password of your own",
            field: "password",
          },
          403,
        );
      }
    }
    await next();
  };
}

function fromThisMachine(c: Context): boolean {
  if (c.req.header("x-forwarded-for") || c.req.header("forwarded")) return false;
  // Without a socket the app was called in-process (app.request), which is this machine.
  if (!(c.env as { incoming?: unknown } | undefined)?.incoming) return true;
  const address = getConnInfo(c).remote.address ?? "";
  return /^(127\.|::1$|::ffff:127\.)/.test(address);
}

async function onlyTheDemo(store: Store): Promise<boolean> {
  const studies = await store.db.selectFrom("study").select("code").execute();
  return studies.length > 0 && studies.every((study) => demoStudyCodes.includes(study.code));
}
