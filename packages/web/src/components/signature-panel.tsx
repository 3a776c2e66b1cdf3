import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiFailure } from "../api-client";
import type { StoredRecord } from "../api-types";
import { useSession } from "../session";
import { FormField } from "./form-field";

const meanings = [
  { value: "author", label: "author: I entered these data" },
  { value: "review", label: "review: I reviewed these data" },
  { value: "approval", label: "approval: I approve these data" },
  { value: "lock", label: "lock: no further changes" },
];

/** A record one may sign: the whole subject, or one of her forms (a visit, an assessment…). */
export interface SignatureTarget {
  entity: string;
  recordId: string;
  label: string;
}

/**
 * The signatures of a subject, and signing her whole record or one form of it with a meaning.
 * Signing asks for the password again: a signature is a fresh act of the signer. A lock says
 * what it locks before it is signed. A data manager may remove a signature, which unlocks the
 * record, giving a reason.
 */
export function SignaturePanel({
  subject,
  signatures,
  actions,
  targets = [],
}: {
  subject: StoredRecord;
  signatures: StoredRecord[];
  actions: string[];
  /** The forms that may be signed one by one, besides the whole subject. */
  targets?: SignatureTarget[];
}) {
  const { api } = useSession();
  const queryClient = useQueryClient();
  const [meaning, setMeaning] = useState("review");
  const everything: SignatureTarget[] = [
    { entity: "subject", recordId: subject.id, label: `the whole subject ${subject.pseudonym}` },
    ...targets,
  ];
  const [targetKey, setTargetKey] = useState(`subject ${subject.id}`);
  const target =
    everything.find((each) => `${each.entity} ${each.recordId}` === targetKey) ?? everything[0];
  const labelOf = (entity: string, recordId: string) =>
    everything.find((each) => each.entity === entity && each.recordId === recordId)?.label ??
    entity;
  const [password, setPassword] = useState("");
  const [reason, setReason] = useState("");
  const [failure, setFailure] = useState<ApiFailure | null>(null);

  const run = async (work: () => Promise<unknown>) => {
    setFailure(null);
    try {
      await work();
      setPassword("");
      await queryClient.invalidateQueries();
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      setFailure(error);
    }
  };
  const sign = (event: FormEvent) => {
    event.preventDefault();
    void run(() =>
      api.send("POST", "/signatures", {
        entity: target.entity,
        recordId: target.recordId,
        meaning,
        password,
      }),
    );
  };
  return (
    <div className="signature-panel">
      {signatures.length === 0 ? (
        <p className="empty">Not signed.</p>
      ) : (
        <ul>
          {signatures.map((signature) => (
            <li key={signature.id}>
              <strong>{signature.meaning}</strong> of{" "}
              {labelOf(signature.entity, signature.recordId)} by {signature.signerName} at{" "}
              {String(signature.signedAt).replace("T", " ").slice(0, 19)} (UTC)
              {actions.includes("unlock") && (
                <span className="inline-form">
                  <label htmlFor={`unlock-${signature.id}`}>Reason to remove</label>
                  <input
                    id={`unlock-${signature.id}`}
                    value={reason}
                    onChange={(event) => setReason(event.target.value)}
                  />
                  <button
                    type="button"
                    onClick={() =>
                      void run(() =>
                        api.send("DELETE", `/signatures/${signature.id}`, {
                          version: signature.version,
                          reason,
                        }),
                      )
                    }
                  >
                    Remove signature
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {failure && (
        <p className="form-error" role="alert">
          {failure.message}
        </p>
      )}
      {actions.includes("sign") && (
        <form className="inline-form" onSubmit={sign} aria-label="Sign">
          <FormField id="sign-target" label="What you sign">
            <select
              id="sign-target"
              value={`${target.entity} ${target.recordId}`}
              onChange={(e) => setTargetKey(e.target.value)}
            >
              {everything.map((each) => (
                <option
                  key={`${each.entity} ${each.recordId}`}
                  value={`${each.entity} ${each.recordId}`}
                >
                  {each.label}
                </option>
              ))}
            </select>
          </FormField>
          <FormField id="sign-meaning" label="Meaning">
            <select id="sign-meaning" value={meaning} onChange={(e) => setMeaning(e.target.value)}>
              {meanings.map((each) => (
                <option key={each.value} value={each.value}>
                  {each.label}
                </option>
              ))}
            </select>
          </FormField>
          <FormField
            id="sign-password"
            label="Your password"
            error={failure?.messageFor("password")}
          >
            <input
              id="sign-password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              required
            />
          </FormField>
          {meaning === "lock" && (
            <p className="notice" role="status">
              Signing with the meaning lock locks {target.label}
              {target.entity === "subject" ? " and every record of hers" : ""}: no one can change it
              until a data manager removes the signature, with a reason.
            </p>
          )}
          <button type="submit">{meaning === "lock" ? "Sign and lock" : "Sign"}</button>
        </form>
      )}
    </div>
  );
}
