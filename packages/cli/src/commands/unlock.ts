import { accountKey } from "@ciclo/store";
import type { Command } from "commander";
import { openStoreAt, terminalActor, withStoreLocation } from "../open-store";
import { exitWith } from "./data-options";

/**
 * `ciclo unlock <username>`: lifts the lock that failed sign-ins put on an account, from the
 * machine that runs Ciclo, so that even the only administrator, locked by someone guessing her
 * password, never has to wait for the lock to run out.
 */
export function registerUnlock(program: Command): void {
  withStoreLocation(
    program
      .command("unlock")
      .argument("<username>", "the account to unlock")
      .description("lift the lock that failed sign-ins put on an account"),
  ).action(async (username: string, options) => {
    const store = await openStoreAt(options);
    let failed = false;
    try {
      const unlocked = await store.transaction(terminalActor(), async (tx) => {
        if (!(await tx.accounts.byUsername(username))) return false;
        await tx.accounts.clearSignInAttempts(accountKey(username));
        return true;
      });
      if (unlocked) console.log(`${username} can sign in again; her failed attempts are forgotten`);
      else {
        console.error(`there is no user '${username}'; check the spelling (it is case-sensitive)`);
        failed = true;
      }
    } finally {
      await store.close();
    }
    exitWith(failed);
  });
}
