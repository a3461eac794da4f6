import { useEffect, useState } from 'react';
import { formatUtcInput, parseUtcInput } from '../../lib/utcInput';

/**
 * A UTC time typed as "YYYY-MM-DD HH:mm". The typed text is applied on Enter or when the field loses focus;
 * text that is not a valid time is marked and changes nothing. While the field is not being edited it follows
 * the value (a live window moves on).
 */
export function UtcTimeInput({
  label,
  valueMs,
  onCommit,
}: {
  label: string;
  valueMs: number;
  onCommit: (ms: number) => void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const shown = formatUtcInput(valueMs);
  // A new value replaces what was typed, but not under the operator's fingers.
  useEffect(() => {
    if (!editing) setDraft(null);
  }, [shown, editing]);
  const text = draft ?? shown;
  const invalid = draft !== null && parseUtcInput(draft) === null;
  const commit = () => {
    const ms = draft === null ? null : parseUtcInput(draft);
    if (ms === null) return;
    setDraft(null);
    if (ms !== valueMs) onCommit(ms);
  };
  return (
    <label className="utc-time-input">
      {label}{' '}
      <input
        type="text"
        inputMode="numeric"
        spellCheck={false}
        size={16}
        placeholder="YYYY-MM-DD HH:mm"
        aria-invalid={invalid}
        value={text}
        onChange={(e) => setDraft(e.target.value)}
        onFocus={() => setEditing(true)}
        onBlur={() => {
          setEditing(false);
          commit();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setDraft(null);
        }}
      />
    </label>
  );
}
