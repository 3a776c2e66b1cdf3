import { useEffect, useLayoutEffect, useState } from "react";
import type { FormValues } from "../form-values";

/**
 * What a user typed into a form survives her session's end: while a form is open and changed,
 * its input is written to the tab's sessionStorage ("open"); when the sign-in page replaces the
 * application because the session ended, the open drafts are kept, and the same form, opened
 * again by the same user after signing in, starts from them. Closing a form normally, saving
 * it, or signing out on purpose discards its draft.
 */
export interface Draft {
  values: FormValues;
  reason: string;
  /** The version of the record being changed, so that a change made meanwhile is a conflict. */
  version?: number;
}

const openPrefix = "ciclo-draft-open:";
const keptPrefix = "ciclo-draft-kept:";

function storageKeys(prefix: string): string[] {
  return Object.keys(sessionStorage).filter((key) => key.startsWith(prefix));
}

/** True while the user signs out on purpose: her open drafts are then not kept. */
let signingOut = false;

/** Keeps every open draft; the sign-in page calls it as it replaces the application. */
export function keepOpenDrafts(): void {
  if (signingOut) {
    signingOut = false;
    discardDrafts();
    return;
  }
  for (const key of storageKeys(openPrefix)) {
    const draft = sessionStorage.getItem(key);
    sessionStorage.removeItem(key);
    if (draft) sessionStorage.setItem(keptPrefix + key.slice(openPrefix.length), draft);
  }
}

/** How many forms hold kept input, to tell the user on the sign-in page. */
export function keptDraftCount(): number {
  return storageKeys(keptPrefix).length;
}

/**
 * Signs out on purpose: the sign-in page that follows forgets every draft of the tab instead of
 * keeping them (the flag lasts until that page has read it; React may draw it after this returns).
 */
export async function signOutForgettingDrafts(signOut: () => Promise<void>): Promise<void> {
  signingOut = true;
  try {
    await signOut();
  } catch (error) {
    signingOut = false;
    throw error;
  }
}

function discardDrafts(): void {
  for (const key of [...storageKeys(openPrefix), ...storageKeys(keptPrefix)]) {
    sessionStorage.removeItem(key);
  }
}

function readKept(key: string): Draft | null {
  const text = sessionStorage.getItem(keptPrefix + key);
  return text ? (JSON.parse(text) as Draft) : null;
}

/**
 * The draft of one form of one user (`key` names both): the input kept from an ended session,
 * if any, and a function to record the input as it changes (`changed` false when it is the
 * form's untouched starting input, which needs no keeping).
 */
export function useKeptDraft(key: string): {
  kept: Draft | null;
  record: (draft: Draft, changed: boolean) => void;
} {
  const [kept] = useState(() => readKept(key));
  useEffect(() => {
    sessionStorage.removeItem(keptPrefix + key);
  }, [key]);
  // On unmount the draft is dropped a moment later, unless the sign-in page, mounting in the
  // same commit because the session ended, has kept it by then.
  useLayoutEffect(
    () => () => queueMicrotask(() => sessionStorage.removeItem(openPrefix + key)),
    [key],
  );
  const record = (draft: Draft, changed: boolean) => {
    if (changed) sessionStorage.setItem(openPrefix + key, JSON.stringify(draft));
    else sessionStorage.removeItem(openPrefix + key);
  };
  return { kept, record };
}
