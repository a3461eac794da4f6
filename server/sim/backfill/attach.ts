// The first-start backfill inside a running server: the simulator's fast-forward delivers into the server's
// own ingest pipeline, the simulated operator acknowledges through the alarm book like the REST route does
// (audited as simulated), and the progress goes to the console and to /healthz and the dashboards (a
// `history` condition, cause `filling`, cleared when the present is reached).
import type { Alarm } from '../../../shared/protocol/api';
import type { AuditLog } from '../../auth/audit';
import type { AppContext } from '../../context';
import { localIngest } from '../../ingest/local';
import type { EmbeddedSimulator } from '../embedded';
import { SIMULATED_ACK_COMMENT, SIMULATED_OPERATOR } from './operator';
import type { BackfillPlan } from './plan';
import { runBackfill, type BackfillReport } from './run';

export interface FillHistoryDeps {
  context: Pick<
    AppContext,
    'codec' | 'committer' | 'stations' | 'metrics' | 'alarms' | 'processor' | 'health'
  >;
  audit: Pick<AuditLog, 'record'>;
  mayDeliver?: (stationId: string, spacecraftId: string) => boolean;
  sim: Pick<EmbeddedSimulator, 'simulator' | 'liveClock'>;
  plan: BackfillPlan;
  log: (message: string) => void;
}

/** Fills the plan's window; never rejects (a failed fill is logged, the server goes live regardless). */
export async function fillHistory(deps: FillHistoryDeps): Promise<BackfillReport | null> {
  const { context, plan, log } = deps;
  const label = `filling the last ${plan.hours} h`;
  context.health.degraded('history', 'filling', label);
  context.health.progress('history', { hours: plan.hours, percent: 0 }, label);
  log(`${label} of simulated flight (${new Date(plan.fromMs).toISOString()} on) into the archive`);
  let loggedTenth = 0;
  try {
    const report = await runBackfill({
      plan,
      simulator: deps.sim.simulator,
      deliver: localIngest({
        codec: context.codec,
        committer: context.committer,
        stations: context.stations,
        metrics: context.metrics,
        mayDeliver: deps.mayDeliver,
        batchFrames: 4000,
      }),
      openAlarms: () => context.alarms.list(),
      acknowledge: (alarm, atMs) => acknowledge(deps, alarm, atMs),
      liveNow: () => deps.sim.liveClock.now(),
      onProgress: ({ fraction, frames }) => {
        const percent = Math.floor(fraction * 100);
        context.health.progress('history', { hours: plan.hours, percent }, `${label}: ${percent} %`);
        if (Math.floor(fraction * 10) <= loggedTenth) return;
        loggedTenth = Math.floor(fraction * 10);
        log(`${label}: ${percent} % (${frames.toLocaleString('en')} frames)`);
      },
    });
    await context.committer.flush();
    log(
      `${label}: done in ${(report.elapsedMs / 1000).toFixed(1)} s, ${report.frames.toLocaleString('en')} frames, ` +
        `${report.acknowledged} alarms acknowledged by the ${SIMULATED_OPERATOR}`,
    );
    return report;
  } catch (error) {
    log(`${label} stopped: ${error instanceof Error ? error.message : String(error)}; going live anyway`);
    return null;
  } finally {
    context.health.recovered('history');
  }
}

async function acknowledge(deps: FillHistoryDeps, alarm: Alarm, atMs: number): Promise<void> {
  const { context } = deps;
  const result = context.alarms.acknowledge(alarm.id, {
    by: SIMULATED_OPERATOR,
    atMs,
    comment: SIMULATED_ACK_COMMENT,
  });
  if (!result.ok) return;
  context.processor.alarmChanged({ alarm: result.alarm, transition: 'acknowledged' }, atMs);
  // The audit log keeps real time; the entry says the acknowledgement belongs to the simulated past.
  await deps.audit.record(
    'system',
    'alarm_ack',
    alarm.id,
    `${SIMULATED_OPERATOR}, simulated history at ${new Date(atMs).toISOString()}`,
  );
}
