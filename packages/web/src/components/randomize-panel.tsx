import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiFailure } from "../api-client";
import type { Randomization, StoredRecord } from "../api-types";
import { useSession } from "../session";

interface Criterion {
  code: string;
  question: string;
}

/** What the panel reads of a protocol that randomizes. */
export interface RandomizedProtocol {
  arms: { code: string; label: string }[];
  eligibility?: { inclusion: Criterion[]; exclusion: Criterion[] };
}

/**
 * Randomizes an enrolled subject of a randomized protocol: the eligibility checklist (the
 * protocol's questions; inclusion criteria must be met, exclusion criteria must not), a
 * confirmation, then the arm with its sequence number. Once she is randomized, it shows her
 * allocation. The server decides everything; the panel only asks and shows.
 */
export function RandomizePanel({
  subject,
  protocol,
  canRandomize,
}: {
  subject: StoredRecord;
  protocol: RandomizedProtocol;
  canRandomize: boolean;
}) {
  const { api } = useSession();
  const queryClient = useQueryClient();
  const criteria = [
    ...(protocol.eligibility?.inclusion ?? []),
    ...(protocol.eligibility?.exclusion ?? []),
  ];
  const [answers, setAnswers] = useState<Record<string, boolean | undefined>>({});
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [sending, setSending] = useState(false);
  const randomized = subject.arm !== null && subject.arm !== undefined;
  const allocation = useQuery({
    queryKey: ["randomization", subject.id],
    queryFn: () => api.get<Randomization>(`/subjects/${subject.id}/randomization`),
    enabled: randomized,
  });
  const armLabel = (code: string) => protocol.arms.find((arm) => arm.code === code)?.label ?? code;

  if (randomized) {
    const made = allocation.data;
    return (
      <section id="randomization" className="panel" aria-labelledby="randomization-title">
        <h2 id="randomization-title">Randomization</h2>
        {made ? (
          <p className="allocation" role="status">
            Randomized to <strong>{armLabel(made.arm)}</strong> · number{" "}
            <strong>{made.sequence}</strong> · stratum {made.stratum} · on{" "}
            {made.randomizedAt.replace("T", " ").slice(0, 16)} UTC
          </p>
        ) : (
          <p>Arm {armLabel(subject.arm)}</p>
        )}
      </section>
    );
  }
  if (!canRandomize) {
    return (
      <section id="randomization" className="panel" aria-labelledby="randomization-title">
        <h2 id="randomization-title">Randomization</h2>
        <p>Not randomized yet.</p>
      </section>
    );
  }
  const unanswered = criteria.filter((criterion) => answers[criterion.code] === undefined);
  const review = (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    setConfirming(true);
  };
  const randomize = async () => {
    setSending(true);
    setFailure(null);
    try {
      const made = await api.send<Randomization>("POST", `/subjects/${subject.id}/randomization`, {
        answers,
      });
      queryClient.setQueryData(["randomization", subject.id], made);
      await queryClient.invalidateQueries();
    } catch (error) {
      setConfirming(false);
      if (error instanceof ApiFailure) setFailure(error);
      else throw error;
    } finally {
      setSending(false);
    }
  };
  return (
    <section id="randomization" className="panel" aria-labelledby="randomization-title">
      <h2 id="randomization-title">Randomize</h2>
      <form onSubmit={review} aria-label="Eligibility checklist">
        <fieldset disabled={confirming}>
          <legend>Eligibility: answer every question</legend>
          {criteria.map((criterion) => (
            <div
              key={criterion.code}
              className="criterion"
              role="radiogroup"
              aria-label={criterion.question}
            >
              <span>{criterion.question}</span>{" "}
              {(["yes", "no"] as const).map((choice) => (
                <label key={choice}>
                  <input
                    type="radio"
                    name={`criterion-${criterion.code}`}
                    checked={answers[criterion.code] === (choice === "yes")}
                    onChange={() =>
                      setAnswers((before) => ({ ...before, [criterion.code]: choice === "yes" }))
                    }
                  />{" "}
                  {choice}
                </label>
              ))}
            </div>
          ))}
        </fieldset>
        {!confirming && (
          <button type="submit" disabled={unanswered.length > 0}>
            Randomize…
          </button>
        )}
      </form>
      {confirming && (
        <div role="alertdialog" aria-label="Confirm the randomization" className="confirm">
          <p>Randomize subject {subject.pseudonym}? The arm drawn cannot be changed afterwards.</p>
          <button type="button" onClick={randomize} disabled={sending}>
            Confirm randomization
          </button>{" "}
          <button type="button" onClick={() => setConfirming(false)} disabled={sending}>
            Back
          </button>
        </div>
      )}
      {failure && (
        <p role="alert" className="error">
          {failure.body.message}
        </p>
      )}
    </section>
  );
}
