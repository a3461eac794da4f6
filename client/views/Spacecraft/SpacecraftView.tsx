import { useEffect, useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import {
  distinctParameters,
  SUBSYSTEMS,
  type ParameterDef,
  type Subsystem,
} from '../../../shared/dictionary';
import { api } from '../../api/rest';
import { useResource } from '../../api/useResource';
import { Age } from '../../components/Age';
import { ContactText } from '../../components/ContactText';
import { EmptyState, RequestError } from '../../components/EmptyState';
import { ChartLegend } from '../../charts/ChartLegend';
import { EventLog } from '../../components/EventLog';
import { StatusBadge } from '../../components/StatusBadge';
import { useI18n } from '../../i18n';
import { useLabels } from '../../i18n/useLabels';
import { investigateHref, MAX_PARAMETERS } from '../../lib/investigateState';
import { LIVE_WINDOWS, parseWindow } from '../../lib/windows';
import { useDictionary, useOrtaq, useShallow } from '../../store';
import { AttitudePanel } from './AttitudePanel';
import { CurrentValues } from './CurrentValues';
import { GroundTrackPanel } from './GroundTrackPanel';
import { SubsystemCharts } from './SubsystemCharts';

/**
 * Quaternion components are shown as the attitude picture, not as four charts; a string's text has no scale
 * to chart (it reads in the current values, and its history of texts in Investigate).
 */
const charted = (p: ParameterDef) => !p.id.startsWith('adcs.q') && p.subsystem !== undefined && !p.string;

export function SpacecraftView() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const labels = useLabels();
  const dictionary = useDictionary();
  const [params, setParams] = useSearchParams();
  const subsystem: Subsystem = SUBSYSTEMS.includes(params.get('subsystem') as Subsystem)
    ? (params.get('subsystem') as Subsystem)
    : 'EPS';
  const window = parseWindow(params.get('window'), LIVE_WINDOWS, '15m');
  const def = dictionary?.spacecraftById.get(id);
  const entry = useOrtaq((s) => s.fleet?.[id] ?? null);
  const events = useOrtaq(useShallow((s) => s.events.filter((e) => e.spacecraftId === id).slice(0, 100)));
  const setInterest = useOrtaq((s) => s.setInterest);
  const detail = useResource(`sc:${id}`, () => api.spacecraft(id), 15_000);

  useEffect(() => {
    setInterest({ spacecraft: [id], parameters: [] });
    return () => setInterest({ spacecraft: [], parameters: [] });
  }, [id, setInterest]);

  const housekeeping = useMemo(
    () => distinctParameters(dictionary?.dictionary.packets.filter((p) => p.kind === 'housekeeping') ?? []),
    [dictionary],
  );
  const chartedParams = useMemo(
    () => housekeeping.filter((p) => p.subsystem === subsystem && charted(p)),
    [housekeeping, subsystem],
  );
  const quaternion = useMemo(() => {
    const v = (pid: string) => detail.data?.parameters.find((p) => p.parameterId === pid)?.value;
    const [q0, q1, q2, q3] = ['adcs.q0', 'adcs.q1', 'adcs.q2', 'adcs.q3'].map(v);
    return q0 !== undefined && q1 !== undefined && q2 !== undefined && q3 !== undefined
      ? { q0, q1, q2, q3 }
      : null;
  }, [detail.data]);

  if (!dictionary) return <EmptyState kind="loading" title={t('empty.loading')} />;
  if (!def) {
    return (
      <EmptyState
        kind="unknown"
        title={t('spacecraft.unknown', { id })}
        action={<Link to="/fleet">{t('spacecraft.backToFleet')}</Link>}
      />
    );
  }

  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };

  return (
    <section className="view spacecraft-view" aria-labelledby="sc-title">
      <header className="view-header">
        <h1 id="sc-title">{def.name}</h1>
        <span className="partner">{labels.partner(def.partner)}</span>
        {entry ? <StatusBadge status={entry.status} /> : null}
        {entry ? (
          <span>
            {t('fleet.lastFrame')}: <Age ms={entry.lastFrameMs} />
          </span>
        ) : null}
        {entry ? <ContactText entry={entry} /> : null}
        <Link
          to={investigateHref({
            spacecraft: [id],
            parameters: chartedParams.slice(0, MAX_PARAMETERS).map((p) => p.id),
            range: { kind: 'last', key: window.key },
          })}
          data-testid="investigate-link"
        >
          {t('spacecraft.investigate')}
        </Link>
      </header>
      {detail.error && !detail.data ? <RequestError error={detail.error} retry={detail.reload} /> : null}
      <div className="spacecraft-layout">
        <div className="spacecraft-main">
          <div className="toolbar">
            <div role="tablist" aria-label={t('spacecraft.subsystems')} className="tabs">
              {SUBSYSTEMS.map((s) => (
                <button
                  key={s}
                  type="button"
                  role="tab"
                  aria-selected={s === subsystem}
                  onClick={() => set('subsystem', s)}
                >
                  {labels.subsystem(s)}
                </button>
              ))}
            </div>
            <label>
              {t('spacecraft.window')}{' '}
              <select value={window.key} onChange={(e) => set('window', e.target.value)}>
                {LIVE_WINDOWS.map((w) => (
                  <option key={w.key} value={w.key}>
                    {t(w.label)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <ChartLegend variant="live" />
          <SubsystemCharts spacecraftId={id} parameters={chartedParams} windowMs={window.ms} />
          <GroundTrackPanel spacecraftId={id} />
        </div>
        <aside className="spacecraft-side">
          <AttitudePanel spacecraftId={id} fallback={quaternion} />
          <section className="panel" aria-labelledby="values-title">
            <h2 id="values-title">{t('spacecraft.values')}</h2>
            <CurrentValues
              spacecraftId={id}
              parameters={housekeeping}
              snapshot={detail.data?.parameters ?? []}
            />
          </section>
          <section className="panel" aria-labelledby="events-title">
            <h2 id="events-title">{t('spacecraft.events')}</h2>
            <EventLog events={events} labelledBy="events-title" />
          </section>
        </aside>
      </div>
    </section>
  );
}
