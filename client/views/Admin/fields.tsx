// Form pieces every admin panel uses: partner and role pickers, and the outcome of an admin request.
import { useState } from 'react';
import type { PartnerId } from '../../../shared/dictionary/types';
import { useLabels, usePartnerIds } from '../../i18n/useLabels';
import { ROLES, type Role } from '../../../shared/protocol/auth';
import { useI18n } from '../../i18n';
import { errorText } from './Secret';

export function PartnerSelect({
  value,
  onChange,
  label,
}: {
  value: PartnerId;
  onChange: (partner: PartnerId) => void;
  label?: string;
}) {
  const { t } = useI18n();
  const partners = usePartnerIds();
  const labels = useLabels();
  return (
    <select
      aria-label={label ?? t('user.partner')}
      value={value}
      onChange={(e) => onChange(e.target.value as PartnerId)}
    >
      {partners.map((p) => (
        <option key={p} value={p}>
          {p} · {labels.partner(p)}
        </option>
      ))}
    </select>
  );
}

export function RoleSelect({
  value,
  onChange,
  label,
}: {
  value: Role;
  onChange: (role: Role) => void;
  label?: string;
}) {
  const { t } = useI18n();
  return (
    <select
      aria-label={label ?? t('user.role')}
      value={value}
      onChange={(e) => onChange(e.target.value as Role)}
    >
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {t(`role.${r}`)}
        </option>
      ))}
    </select>
  );
}

/** Runs admin requests one at a time in the UI's sense: the last failure is shown, a success reloads. */
export function useAdminAction(onDone: () => void) {
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<unknown>): Promise<boolean> => {
    setError(null);
    try {
      await action();
      onDone();
      return true;
    } catch (err) {
      setError(errorText(err));
      return false;
    }
  };
  return { error, run };
}

export function AdminError({ error }: { error: string | null }) {
  return error ? <p role="alert">⚠ {error}</p> : null;
}

/** A partner picked in a form: the first partner of the mission until the user picks another. */
export function usePartnerChoice(): [PartnerId, (partner: PartnerId) => void] {
  const [picked, setPicked] = useState<PartnerId | null>(null);
  const first = usePartnerIds()[0] ?? '';
  return [picked ?? first, setPicked];
}
