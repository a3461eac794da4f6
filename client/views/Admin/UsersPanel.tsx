import { useState, type FormEvent } from 'react';
import type { Role, UserInfo } from '../../../shared/protocol/auth';
import { adminApi } from '../../auth/adminApi';
import { useAdminList } from './useAdminList';
import { useI18n } from '../../i18n';
import { Secret } from './Secret';
import { AdminError, PartnerSelect, RoleSelect, useAdminAction, usePartnerChoice } from './fields';

/** 20 random bytes as base64url: 27 characters, far past the 10-character minimum. */
function randomPassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function NewUserForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [partner, setPartner] = usePartnerChoice();
  const [role, setRole] = useState<Role>('viewer');
  const [secret, setSecret] = useState<string | null>(null);
  const { error, run } = useAdminAction(onCreated);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await run(async () => {
      const created = await adminApi.createUser({ username, partner, role });
      setSecret(created.generatedPassword ?? null);
      setUsername('');
    });
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
      <PartnerSelect value={partner} onChange={setPartner} />
      <RoleSelect value={role} onChange={setRole} />
      <button type="submit" disabled={!username} data-testid="new-user-submit">
        {t('admin.addUser')}
      </button>
      <AdminError error={error} />
      {secret ? (
        <Secret label={t('admin.generatedPassword')} value={secret} testId="new-user-password" />
      ) : null}
    </form>
  );
}

/**
 * One user, editable in place. The server ends the user's sessions and sockets on any change, so a new role or
 * partner takes effect at once.
 */
function UserRow({
  user,
  run,
  onPassword,
}: {
  user: UserInfo;
  run: (action: () => Promise<unknown>) => Promise<boolean>;
  onPassword: (username: string, password: string) => void;
}) {
  const { t, utc } = useI18n();
  const update = (patch: Parameters<typeof adminApi.updateUser>[1]) =>
    run(() => adminApi.updateUser(user.username, patch));
  const resetPassword = async () => {
    const password = randomPassword();
    if (await update({ password })) onPassword(user.username, password);
  };
  return (
    <tr className={user.disabled ? 'muted' : undefined} data-testid={`user-${user.username}`}>
      <td>{user.username}</td>
      <td>
        <PartnerSelect
          label={`${t('user.partner')}: ${user.username}`}
          value={user.partner}
          onChange={(partner) => void update({ partner })}
        />
      </td>
      <td>
        <RoleSelect
          label={`${t('user.role')}: ${user.username}`}
          value={user.role}
          onChange={(role) => void update({ role })}
        />
      </td>
      <td>{utc(user.createdAtMs)}</td>
      <td className="admin-actions">
        <button type="button" className="small" onClick={() => void resetPassword()}>
          {t('admin.resetPassword')}
        </button>
        <button type="button" className="small" onClick={() => void update({ disabled: !user.disabled })}>
          {user.disabled ? t('admin.enable') : t('admin.disable')}
        </button>
      </td>
    </tr>
  );
}

export function UsersPanel() {
  const { t } = useI18n();
  const users = useAdminList(adminApi.users);
  const { error, run } = useAdminAction(users.reload);
  const [reset, setReset] = useState<{ username: string; password: string } | null>(null);
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
            <th>
              <span className="sr-only">{t('admin.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.data?.users.map((u) => (
            <UserRow
              key={u.username}
              user={u}
              run={run}
              onPassword={(username, password) => setReset({ username, password })}
            />
          ))}
        </tbody>
      </table>
      <AdminError error={error} />
      {reset ? (
        <Secret
          label={t('admin.newPassword', { user: reset.username })}
          value={reset.password}
          testId="reset-password"
        />
      ) : null}
      <NewUserForm onCreated={users.reload} />
    </section>
  );
}
