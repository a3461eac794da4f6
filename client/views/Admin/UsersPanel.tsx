import { useState, type FormEvent } from 'react';
import { PARTNER_IDS, type PartnerId } from '../../../shared/dictionary/types';
import { ROLES, type Role } from '../../../shared/protocol/auth';
import { adminApi } from '../../auth/adminApi';
import { useAdminList } from './useAdminList';
import { useI18n } from '../../i18n';
import { errorText, Secret } from './Secret';

function NewUserForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [partner, setPartner] = useState<PartnerId>('KZ');
  const [role, setRole] = useState<Role>('viewer');
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const created = await adminApi.createUser({ username, partner, role });
      setSecret(created.generatedPassword ?? null);
      setUsername('');
      onCreated();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <form className="admin-form" onSubmit={(e) => void submit(e)}>
      <input
        aria-label={t('login.username')}
        placeholder={t('login.username')}
        value={username}
        onChange={(e) => setUsername(e.target.value)}
        data-testid="new-user-name"
      />
      <select
        aria-label={t('user.partner')}
        value={partner}
        onChange={(e) => setPartner(e.target.value as PartnerId)}
      >
        {PARTNER_IDS.map((p) => (
          <option key={p}>{p}</option>
        ))}
      </select>
      <select aria-label={t('user.role')} value={role} onChange={(e) => setRole(e.target.value as Role)}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {t(`role.${r}`)}
          </option>
        ))}
      </select>
      <button type="submit" disabled={!username} data-testid="new-user-submit">
        {t('admin.addUser')}
      </button>
      {error ? <p role="alert">⚠ {error}</p> : null}
      {secret ? (
        <Secret label={t('admin.generatedPassword')} value={secret} testId="new-user-password" />
      ) : null}
    </form>
  );
}

export function UsersPanel() {
  const { t, utc } = useI18n();
  const users = useAdminList(adminApi.users);
  const [error, setError] = useState<string | null>(null);
  const act = (run: () => Promise<unknown>) => {
    setError(null);
    run().then(users.reload, (err: unknown) => setError(errorText(err)));
  };
  return (
    <section className="panel admin-panel" aria-labelledby="admin-users">
      <h2 id="admin-users">{t('admin.users')}</h2>
      <table className="data-table" data-testid="admin-users">
        <thead>
          <tr>
            <th>{t('login.username')}</th>
            <th>{t('user.partner')}</th>
            <th>{t('user.role')}</th>
            <th>{t('admin.created')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {users.data?.users.map((u) => (
            <tr key={u.username} className={u.disabled ? 'muted' : undefined}>
              <td>{u.username}</td>
              <td>{u.partner}</td>
              <td>{t(`role.${u.role}`)}</td>
              <td>{utc(u.createdAtMs)}</td>
              <td>
                <button
                  type="button"
                  className="small"
                  onClick={() => act(() => adminApi.updateUser(u.username, { disabled: !u.disabled }))}
                >
                  {u.disabled ? t('admin.enable') : t('admin.disable')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error ? <p role="alert">⚠ {error}</p> : null}
      <NewUserForm onCreated={users.reload} />
    </section>
  );
}
