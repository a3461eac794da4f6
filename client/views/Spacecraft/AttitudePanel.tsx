import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n';
import { project, quaternionToEuler, rotate, type Quaternion } from '../../lib/attitude';
import { useOrtaq } from '../../store';

const AXES = [
  { v: [1, 0, 0] as const, label: 'X', colour: 'var(--axis-x)' },
  { v: [0, 1, 0] as const, label: 'Y', colour: 'var(--axis-y)' },
  { v: [0, 0, 1] as const, label: 'Z', colour: 'var(--axis-z)' },
];

/** Small body-axes picture: the spacecraft's X/Y/Z drawn over the faint inertial axes. */
export function BodyAxes({ q, size = 140 }: { q: Quaternion; size?: number }) {
  const c = size / 2;
  const r = size * 0.38;
  const point = (v: readonly [number, number, number]) => {
    const [px, py] = project(v);
    return [c + px * r, c + py * r] as const;
  };
  return (
    <svg width={size} height={size} viewBox={`0 0 ${size} ${size}`} role="img" aria-hidden="true">
      {AXES.map((a) => {
        const [x, y] = point(a.v);
        return (
          <line
            key={`i${a.label}`}
            x1={c}
            y1={c}
            x2={x}
            y2={y}
            stroke="var(--border)"
            strokeDasharray="3 3"
          />
        );
      })}
      {AXES.map((a) => {
        const [x, y] = point(rotate(q, a.v));
        return (
          <g key={a.label}>
            <line x1={c} y1={c} x2={x} y2={y} stroke={a.colour} strokeWidth={3} />
            <text x={x} y={y} fill={a.colour} fontSize={13} fontWeight="bold" dx={3} dy={-3}>
              {a.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Attitude from the newest ADCS quaternion, refreshed twice a second. */
export function AttitudePanel({
  spacecraftId,
  fallback,
}: {
  spacecraftId: string;
  fallback: Quaternion | null;
}) {
  const { t, num } = useI18n();
  const samples = useOrtaq((s) => s.samples);
  const [q, setQ] = useState<Quaternion | null>(fallback);
  useEffect(() => {
    const read = () => {
      const parts = (['adcs.q0', 'adcs.q1', 'adcs.q2', 'adcs.q3'] as const).map(
        (p) => samples.latest(spacecraftId, p)?.v,
      );
      if (parts.every((v) => v !== undefined))
        setQ({ q0: parts[0]!, q1: parts[1]!, q2: parts[2]!, q3: parts[3]! });
    };
    read();
    const timer = setInterval(read, 500);
    return () => clearInterval(timer);
  }, [samples, spacecraftId]);
  useEffect(() => {
    if (fallback) setQ((current) => current ?? fallback);
  }, [fallback]);

  return (
    <section className="panel attitude" aria-labelledby="attitude-title">
      <h2 id="attitude-title">{t('spacecraft.attitude')}</h2>
      {q ? (
        <div className="attitude-body">
          <BodyAxes q={q} />
          <dl className="facts" data-testid="attitude-angles">
            {(
              [
                ['spacecraft.roll', quaternionToEuler(q).rollDeg],
                ['spacecraft.pitch', quaternionToEuler(q).pitchDeg],
                ['spacecraft.yaw', quaternionToEuler(q).yawDeg],
              ] as const
            ).map(([key, value]) => (
              <div key={key}>
                <dt>{t(key)}</dt>
                <dd>{num(value, 1)}°</dd>
              </div>
            ))}
          </dl>
        </div>
      ) : (
        <p className="muted">{t('empty.noData')}</p>
      )}
      <p className="muted small">{t('spacecraft.attitudeFrame')}</p>
    </section>
  );
}
