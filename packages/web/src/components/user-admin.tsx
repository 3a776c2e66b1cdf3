import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiFailure } from "../api-client";
import type { Page, Role, StoredRecord } from "../api-types";
import { useSession } from "../session";
import { FormField } from "./form-field";
import { RoleFields, RoleGrantForm, useRoles } from "./role-grant-form";

interface User {
  id: string;
  username: string;
  displayName: string;
  active: boolean;
  roles: { role: Role; siteId: string | null; assignmentId: string }[];
}

/** Users with their roles at each site: add a user, grant a role, withdraw one. */
export function UserAdmin({ sites }: { sites: StoredRecord[] }) {
  const { api } = useSession();
  const queryClient = useQueryClient();
  const users = useQuery({
    queryKey: ["users"],
    queryFn: () => api.get<Page<User>>("/users?limit=1000"),
  });
  const { isTrialWide } = useRoles();
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [grantFailure, setGrantFailure] = useState<ApiFailure | null>(null);
  const [draft, setDraft] = useState({
    username: "",
    displayName: "",
    password: "",
    role: "investigator" as Role,
    siteId: "",
  });
  const siteName = (id: string | null) =>
    id ? (sites.find((s) => s.id === id)?.name ?? id) : "all sites";

  /** Runs a change and refreshes the list; a refusal goes to `report`. True when it was saved. */
  const run = async (
    work: () => Promise<unknown>,
    report: (failure: ApiFailure | null) => void = setFailure,
  ): Promise<boolean> => {
    report(null);
    try {
      await work();
      await queryClient.invalidateQueries({ queryKey: ["users"] });
      return true;
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      report(error);
      return false;
    }
  };
  const create = (event: FormEvent) => {
    event.preventDefault();
    const role = draft.role;
    void run(async () => {
      await api.send("POST", "/users", {
        username: draft.username,
        displayName: draft.displayName,
        password: draft.password,
        roles: [{ role, siteId: isTrialWide(role) ? null : draft.siteId || null }],
      });
      setDraft({ ...draft, username: "", displayName: "", password: "" });
    });
  };
  const withdraw = (assignmentId: string) =>
    run(async () => {
      const assignment = await api.get<StoredRecord>(`/role-assignments/${assignmentId}`);
      await api.send("DELETE", `/role-assignments/${assignmentId}`, {
        version: assignment.version,
        reason: "role withdrawn by an administrator",
      });
    });
  const set = (field: "username" | "displayName" | "password") => (value: string) =>
    setDraft({ ...draft, [field]: value });
  const grantRole = (grant: { userId: string; role: Role; siteId: string | null }) =>
    run(() => api.send("POST", "/role-assignments", grant), setGrantFailure);

  return (
    <section className="panel" aria-labelledby="users-title">
      <h2 id="users-title">Users and roles</h2>
      {failure && !failure.body.field && (
        <p className="form-error" role="alert">
          {failure.message}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">Username</th>
            <th scope="col">Name</th>
            <th scope="col">Roles</th>
            <th scope="col">May sign in</th>
          </tr>
        </thead>
        <tbody>
          {(users.data?.items ?? []).map((user) => (
            <tr key={user.id}>
              <td>{user.username}</td>
              <td>{user.displayName}</td>
              <td>
                {user.roles.map((grant) => (
                  <span key={grant.assignmentId} className="role-chip">
                    {grant.role.replace("_", " ")} · {siteName(grant.siteId)}{" "}
                    <button
                      type="button"
                      aria-label={`Withdraw ${grant.role} at ${siteName(grant.siteId)} from ${user.username}`}
                      onClick={() => void withdraw(grant.assignmentId)}
                    >
                      ×
                    </button>
                  </span>
                ))}
              </td>
              <td>{user.active ? "yes" : "no"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="record-form" onSubmit={create} aria-label="Add a user">
        <fieldset>
          <legend>Add a user</legend>
          <div className="field-grid">
            <FormField
              id="user-username"
              label="Username"
              required
              error={failure?.messageFor("username")}
            >
              <input
                id="user-username"
                required
                value={draft.username}
                onChange={(e) => set("username")(e.target.value)}
              />
            </FormField>
            <FormField
              id="user-name"
              label="Display name"
              required
              error={failure?.messageFor("displayName")}
            >
              <input
                id="user-name"
                required
                value={draft.displayName}
                onChange={(e) => set("displayName")(e.target.value)}
              />
            </FormField>
            <FormField
              id="user-password"
              label="First password"
              required
              error={failure?.messageFor("password")}
            >
              <input
                id="user-password"
                type="password"
                autoComplete="new-password"
                required
                value={draft.password}
                onChange={(e) => set("password")(e.target.value)}
              />
            </FormField>
            <RoleFields
              idPrefix="user"
              role={draft.role}
              siteId={draft.siteId}
              sites={sites}
              failure={failure}
              onChange={(change) => setDraft({ ...draft, ...change })}
            />
          </div>
          <button type="submit" className="primary">
            Add user
          </button>
        </fieldset>
      </form>
      <RoleGrantForm
        users={users.data?.items ?? []}
        sites={sites}
        failure={grantFailure}
        onGrant={grantRole}
      />
    </section>
  );
}
