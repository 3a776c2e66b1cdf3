import { type FormEvent, useLayoutEffect, useState } from "react";
import { ApiFailure } from "../api-client";
import { useSession } from "../session";
import { FormField } from "./form-field";
import { keepOpenDrafts, keptDraftCount } from "./kept-drafts";

/** Sign-in with username and password; says why the user was signed out, if she was. */
export function LoginPage() {
  const session = useSession();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [busy, setBusy] = useState(false);
  // Runs in the commit that replaced the application, before the closed forms drop their input.
  const [keptForms, setKeptForms] = useState(0);
  useLayoutEffect(() => {
    keepOpenDrafts();
    setKeptForms(keptDraftCount());
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await session.signIn(username, password);
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login" id="main">
      <h1>Ciclo</h1>
      <p className="tagline">
        Anti-estrogen with IFN-β and IL-2 cycles: the trial's data, at every site.
      </p>
      {session.signedOutBecause && (
        <p className="notice" role="status">
          {session.signedOutBecause}
          {keptForms > 0 &&
            ` What you typed in ${keptForms === 1 ? "a form" : `${keptForms} forms`} is kept: sign in and open it again.`}
        </p>
      )}
      <form onSubmit={submit} aria-label="Sign in">
        <FormField id="login-username" label="Username" error={failure?.messageFor("username")}>
          <input
            id="login-username"
            autoComplete="username"
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            required
          />
        </FormField>
        <FormField
          id="login-password"
          label="Password"
          error={
            failure?.messageFor("password") ??
            (failure && !failure.body.field ? failure.message : undefined)
          }
        >
          <input
            id="login-password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            required
          />
        </FormField>
        <button type="submit" className="primary" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
