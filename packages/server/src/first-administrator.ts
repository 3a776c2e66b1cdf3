import { minimumPasswordLength, type Store, systemActor } from "@ciclo/store";
import { hashPassword } from "./password";

/** Why `ciclo serve` cannot start as asked; its message says what to give. */
export class StartRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartRefused";
  }
}

/**
 * The first start of a real study: creates only the administrator `admin`, with the password
 * her organisation chose, so that no account with a published password exists. She then creates
 * the study, its sites and users.
 */
export async function createFirstAdministrator(store: Store, password: string): Promise<string> {
  if (password.length < minimumPasswordLength) {
    throw new StartRefused(
      `the administrator's password is too short: use at least ${minimumPasswordLength} characters`,
    );
  }
  const passwordHash = await hashPassword(password);
  return store.transaction(systemActor, async (tx) => {
    const user = await tx.records.create("user", {
      username: "admin",
      displayName: "Administrator",
      passwordHash,
    });
    if (!user.ok) throw new Error(`first administrator: ${user.problem.message}`);
    const grant = await tx.records.create("roleAssignment", {
      userId: user.value.id,
      role: "admin",
      siteId: null,
    });
    if (!grant.ok) throw new Error(`first administrator: ${grant.problem.message}`);
    return "admin";
  });
}
