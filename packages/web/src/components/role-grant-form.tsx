import { type FormEvent, useState } from "react";
import type { ApiFailure } from "../api-client";
import type { Role, StoredRecord } from "../api-types";
import { useCatalogue } from "../use-catalogue";
import { FormField } from "./form-field";

/**
 * The roles of the catalogue, and which of them hold for every site of the trial (they carry
 * no site).
 */
export function useRoles() {
  const roles = useCatalogue()?.roles ?? [];
  return {
    roles: roles.map((each) => each.role),
    isTrialWide: (role: Role) => roles.some((each) => each.role === role && each.trialWide),
  };
}

/** The role and site fields shared by "Add a user" and "Grant a role". */
export function RoleFields({
  idPrefix,
  role,
  siteId,
  sites,
  failure,
  onChange,
}: {
  idPrefix: string;
  role: Role;
  siteId: string;
  sites: StoredRecord[];
  failure: ApiFailure | null;
  onChange: (change: { role?: Role; siteId?: string }) => void;
}) {
  const { roles, isTrialWide } = useRoles();
  return (
    <>
      <FormField id={`${idPrefix}-role`} label="Role" error={failure?.messageFor("role")}>
        <select
          id={`${idPrefix}-role`}
          value={role}
          onChange={(e) => onChange({ role: e.target.value as Role })}
        >
          {roles.map((each) => (
            <option key={each} value={each}>
              {each.replace("_", " ")}
            </option>
          ))}
        </select>
      </FormField>
      <FormField id={`${idPrefix}-site`} label="Site" error={failure?.messageFor("siteId")}>
        <select
          id={`${idPrefix}-site`}
          value={siteId}
          disabled={isTrialWide(role)}
          onChange={(e) => onChange({ siteId: e.target.value })}
        >
          <option value="">{isTrialWide(role) ? "all sites" : "choose…"}</option>
          {sites.map((site) => (
            <option key={site.id} value={site.id}>
              {site.name}
            </option>
          ))}
        </select>
      </FormField>
    </>
  );
}

/** Grants one more role, at one site or trial-wide, to a user who already exists. */
export function RoleGrantForm({
  users,
  sites,
  failure,
  onGrant,
}: {
  users: { id: string; username: string }[];
  sites: StoredRecord[];
  failure: ApiFailure | null;
  onGrant: (grant: { userId: string; role: Role; siteId: string | null }) => Promise<boolean>;
}) {
  const [grant, setGrant] = useState<{ userId: string; role: Role; siteId: string }>({
    userId: "",
    role: "investigator",
    siteId: "",
  });
  const { isTrialWide } = useRoles();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const siteId = isTrialWide(grant.role) ? null : grant.siteId || null;
    if (await onGrant({ userId: grant.userId, role: grant.role, siteId })) {
      setGrant({ ...grant, userId: "" });
    }
  };
  return (
    <form className="record-form" onSubmit={submit} aria-label="Grant a role">
      <fieldset>
        <legend>Grant a role</legend>
        {failure && !["userId", "role", "siteId"].some((field) => failure.messageFor(field)) && (
          <p className="form-error" role="alert">
            {failure.message}
          </p>
        )}
        <div className="field-grid">
          <FormField id="grant-user" label="User" required error={failure?.messageFor("userId")}>
            <select
              id="grant-user"
              required
              value={grant.userId}
              onChange={(e) => setGrant({ ...grant, userId: e.target.value })}
            >
              <option value="">choose…</option>
              {users.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.username}
                </option>
              ))}
            </select>
          </FormField>
          <RoleFields
            idPrefix="grant"
            role={grant.role}
            siteId={grant.siteId}
            sites={sites}
            failure={failure}
            onChange={(change) => setGrant({ ...grant, ...change })}
          />
        </div>
        <button type="submit" className="primary">
          Grant role
        </button>
      </fieldset>
    </form>
  );
}
