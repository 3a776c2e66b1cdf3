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

/**
 * The signatures of a subject, and signing her whole record with a meaning. Signing asks for the
 * password again: a signature is a fresh act of the signer. A data manager may remove a
 * signature, which unlocks the record, giving a reason.
 */
export function SignaturePanel({
  subject,
  signatures,
  actions,
}: {
  subject: StoredRecord;
  signatures: StoredRecord[];
  actions: string[];
}) {
  const { api } = useSession();
  const queryClient = useQueryClient();
  const [meaning, setMeaning] = useState("review");
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
        entity: "subject",
        recordId: subject.id,
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
              <strong>{signature.meaning}</strong> of {signature.entity} by {signature.signerName}{" "}
              at {String(signature.signedAt).replace("T", " ").slice(0, 19)} (UTC)
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
        <form className="inline-form" onSubmit={sign} aria-label="Sign the subject">
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
          <button type="submit">Sign subject</button>
        </form>
      )}
    </div>
  );
}
