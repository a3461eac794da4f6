// The first-start backfill inside a running server: the simulator's fast-forward delivers into the server's
// own ingest pipeline, the simulated operator acknowledges through the alarm book like the REST route does
// (audited as simulated), and the progress goes to the console and to /healthz and the dashboards (a
// `history` condition, cause `filling`, cleared when the present is reached).
import type { Alarm, AlarmAcknowledgement } from '../../../shared/protocol/api';
import type { AuditAction } from '../../../shared/protocol/auth';
import type { DependencyHealth } from '../../health';
import type { Reception } from '../constellation';
import type { EmbeddedSimulator } from '../embedded';
import { SIMULATED_ACK_COMMENT, SIMULATED_OPERATOR } from './operator';
import type { BackfillPlan } from './plan';
import { runBackfill, type BackfillReport } from './run';

/**
 * What the fill needs of the running server (OrtaqApp fits it as it is). Declared here so the simulator's
 * room imports no server room: the configuration reads the simulator's settings, and the archive's and the
 * auth store's command lines read the configuration, so any such import would close a cycle.
 */
export interface BackfillTarget {
  health: Pick<DependencyHealth, 'degraded' | 'progress' | 'recovered'>;
  /** Delivery in-process: the same decoding, group commit and processing as frames from /ingest. */
  localIngest(options: {
    batchFrames: number;
    mayDeliver?: (stationId: string, spacecraftId: string) => boolean;
  }): (frames: readonly Reception[]) => Promise<void>;
  /** Waits until every queued write is committed. */
  flush(): Promise<void>;
  alarms: {
    list(): Alarm[];
    acknowledge(id: string, ack: AlarmAcknowledgement): { ok: true; alarm: Alarm } | { ok: false };
  };
  /** Records an alarm transition made outside telemetry: event log, archive, live, notifications. */
  alarmChanged(change: { alarm: Alarm; transition: 'acknowledged' }, timeMs: number): void;
}

export interface FillHistoryDeps {
  server: BackfillTarget;
  audit: { record(actor: string, action: AuditAction, target: string, detail: string): Promise<unknown> };
  mayDeliver?: (stationId: string, spacecraftId: string) => boolean;
  sim: Pick<EmbeddedSimulator, 'simulator' | 'liveClock'>;
  plan: BackfillPlan;
  log: (message: string) => void;
}

/** Fills the plan's window; never rejects (a failed fill is logged, the server goes live regardless). */
export async function fillHistory(deps: FillHistoryDeps): Promise<BackfillReport | null> {
  const { server, plan, log } = deps;
  const label = `filling the last ${plan.hours} h`;
  server.health.degraded('history', 'filling', label);
  server.health.progress('history', { hours: plan.hours, percent: 0 }, label);
  log(`${label} of simulated flight (${new Date(plan.fromMs).toISOString()} on) into the archive`);
  let loggedTenth = 0;
  try {
    const report = await runBackfill({
      plan,
      simulator: deps.sim.simulator,
      deliver: server.localIngest({ mayDeliver: deps.mayDeliver, batchFrames: 4000 }),
      openAlarms: () => server.alarms.list(),
      acknowledge: (alarm, atMs) => acknowledge(deps, alarm, atMs),
      liveNow: () => deps.sim.liveClock.now(),
      onProgress: ({ fraction, frames }) => {
        const percent = Math.floor(fraction * 100);
        server.health.progress('history', { hours: plan.hours, percent }, `${label}: ${percent} %`);
        if (Math.floor(fraction * 10) <= loggedTenth) return;
        loggedTenth = Math.floor(fraction * 10);
        log(`${label}: ${percent} % (${frames.toLocaleString('en')} frames)`);
      },
    });
    await server.flush();
    log(
      `${label}: done in ${(report.elapsedMs / 1000).toFixed(1)} s, ${report.frames.toLocaleString('en')} frames, ` +
        `${report.acknowledged} alarms acknowledged by the ${SIMULATED_OPERATOR}`,
    );
    return report;
  } catch (error) {
    log(`${label} stopped: ${error instanceof Error ? error.message : String(error)}; going live anyway`);
    return null;
  } finally {
    server.health.recovered('history');
  }
}

async function acknowledge(deps: FillHistoryDeps, alarm: Alarm, atMs: number): Promise<void> {
  const { server } = deps;
  const result = server.alarms.acknowledge(alarm.id, {
    by: SIMULATED_OPERATOR,
    atMs,
    comment: SIMULATED_ACK_COMMENT,
  });
  if (!result.ok) return;
  server.alarmChanged({ alarm: result.alarm, transition: 'acknowledged' }, atMs);
  // The audit log keeps real time; the entry says the acknowledgement belongs to the simulated past.
  await deps.audit.record(
    'system',
    'alarm_ack',
    alarm.id,
    `${SIMULATED_OPERATOR}, simulated history at ${new Date(atMs).toISOString()}`,
  );
}
