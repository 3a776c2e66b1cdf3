import type { Kysely } from "kysely";
import type { Role } from "./entities";

export interface Account {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  active: boolean;
  failedLogins: number;
  lockedUntil: string | null;
}

export interface RoleGrant {
  role: Role;
  /** null for a study-wide role (statistician, admin). */
  siteId: string | null;
}

export interface SessionRow {
  id: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
}

/**
 * Sign-in state: accounts, their roles and their sessions. Failed-login counters and sessions are
 * security bookkeeping, not trial data, so they change without audit rows; creating users and
 * granting roles goes through the audited records repository.
 */
export class Accounts {
  constructor(private readonly trx: Kysely<any>) {}

  async byUsername(username: string): Promise<Account | undefined> {
    return (await this.trx
      .selectFrom("appUser")
      .selectAll()
      .where("username", "=", username)
      .executeTakeFirst()) as Account | undefined;
  }

  async byId(userId: string): Promise<Account | undefined> {
    return (await this.trx
      .selectFrom("appUser")
      .selectAll()
      .where("id", "=", userId)
      .executeTakeFirst()) as Account | undefined;
  }

  async roles(userId: string): Promise<RoleGrant[]> {
    return (await this.trx
      .selectFrom("roleAssignment")
      .select(["role", "siteId"])
      .where("userId", "=", userId)
      .orderBy("role")
      .execute()) as RoleGrant[];
  }

  async setLoginState(userId: string, failedLogins: number, lockedUntil: string | null) {
    await this.trx
      .updateTable("appUser")
      .set({ failedLogins, lockedUntil })
      .where("id", "=", userId)
      .execute();
  }

  async createSession(session: SessionRow): Promise<void> {
    await this.trx.insertInto("session").values(session).execute();
  }

  async findSession(id: string): Promise<SessionRow | undefined> {
    return (await this.trx
      .selectFrom("session")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst()) as SessionRow | undefined;
  }

  async extendSession(id: string, expiresAt: string): Promise<void> {
    await this.trx.updateTable("session").set({ expiresAt }).where("id", "=", id).execute();
  }

  async removeSession(id: string): Promise<void> {
    await this.trx.deleteFrom("session").where("id", "=", id).execute();
  }
}
