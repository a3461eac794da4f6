import { useState, type FormEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { ApiRequestError } from '../../api/rest';
import { signIn } from '../../auth';
import { LanguageSelect } from '../../components/LanguageSelect';
import { useI18n, type MessageKey } from '../../i18n';
import { useOrtaq } from '../../store';
import { safeNext } from './next';

function errorKey(error: unknown): MessageKey {
  if (!(error instanceof ApiRequestError)) return 'login.error.failed';
  if (error.unreachable) return 'login.error.unreachable';
  if (error.status === 401) return 'login.error.invalid';
  if (error.status === 429) return 'login.error.rateLimited';
  return 'login.error.failed';
}

/** Username and password; after signing in, back to the view the user came from (`?next=`). */
export function LoginView() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const status = useOrtaq((s) => s.authStatus);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);

  if (status === 'signedIn') return <Navigate to={next} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn({ username, password });
    } catch (err) {
      setError(errorKey(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login-page" id="main">
      <form className="login-form" onSubmit={(e) => void submit(e)} aria-labelledby="login-title" noValidate>
        <h1 id="login-title">
          <span className="brand">Ortaq</span> {t('login.title')}
        </h1>
        <label>
          {t('login.username')}
          <input
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            autoFocus
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            data-testid="login-username"
          />
        </label>
        <label>
          {t('login.password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="login-password"
          />
        </label>
        {error ? (
          <p className="login-error" role="alert" data-testid="login-error">
            ⚠ {t(error)}
          </p>
        ) : null}
        <button
          type="submit"
          className="primary"
          disabled={busy || !username || !password}
          data-testid="login-submit"
        >
          {busy ? t('login.busy') : t('login.submit')}
        </button>
        <div className="login-language">
          <LanguageSelect />
        </div>
      </form>
    </main>
  );
}
