import { useState, type FormEvent } from "react";
import { Navigate, useLocation } from "react-router-dom";

import { Field } from "../components/Field";
import { Page } from "../components/Page";
import { ErrorMessage } from "../components/States";
import { isPartner, useAuth } from "./AuthContext";

export function LoginScreen() {
  const { account, login } = useAuth();
  const location = useLocation();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  if (account) {
    const from = (location.state as { from?: string } | null)?.from;
    return <Navigate to={from ?? (isPartner(account) ? "/partner" : "/")} replace />;
  }
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await login(email.trim(), password);
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  }
  return (
    <main id="main" className="login">
      <Page title="Sign in to Peelian">
        <p>For police officers, supervisors and partner agency staff.</p>
        <form onSubmit={submit} className="form narrow">
          <Field label="Email">
            <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </Field>
          <Field label="Password">
            <input
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </Field>
          {error && <ErrorMessage error={error} />}
          <button type="submit" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </form>
      </Page>
    </main>
  );
}
