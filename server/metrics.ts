// Counters and gauges served at GET /metrics in the Prometheus text exposition format.
import type { IngestErrorCode } from '../shared/protocol/ingest';
import type { UncaughtKind } from './processGuard';

export class Metrics {
  framesIn = 0;
  framesStored = 0;
  framesDuplicate = 0;
  private readonly rejects = new Map<IngestErrorCode, number>();
  /** Sum and count of store commit durations, and the number of frames they carried. */
  storeWriteSeconds = 0;
  storeWrites = 0;
  /** Server receive time to committed, of the frames of the last commit (seconds). */
  ingestLagSeconds = 0;
  liveClients = 0;
  liveDropped = 0;
  /** Sum and count of coalescing ticks that sent updates: the server's share of fan-out latency. */
  liveFanoutSeconds = 0;
  liveFanoutTicks = 0;

  /** Errors that escaped every handler and were caught by the process guard. */
  private readonly uncaught = new Map<UncaughtKind, number>([
    ['exception', 0],
    ['rejection', 0],
  ]);
  /** Sockets closed for not authenticating in time, and handshakes refused on the default namespace. */
  socketsUnauthenticatedClosed = 0;
  /** Socket messages refused by the parser's limits (attachments, bytes per message, connection or process). */
  messagesOverBudget = 0;
  /** Bytes held right now for socket messages still being assembled (set by the composition root). */
  pendingSocketBytes: () => number = () => 0;

  uncaughtError(kind: UncaughtKind): void {
    this.uncaught.set(kind, (this.uncaught.get(kind) ?? 0) + 1);
  }

  reject(code: IngestErrorCode): void {
    this.rejects.set(code, (this.rejects.get(code) ?? 0) + 1);
  }

  render(): string {
    const lines: string[] = [];
    const metric = (name: string, type: 'counter' | 'gauge', help: string, samples: [string, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
    };
    metric('ortaq_frames_received_total', 'counter', 'Frames received from stations.', [['', this.framesIn]]);
    metric('ortaq_frames_stored_total', 'counter', 'Frames new to the archive.', [['', this.framesStored]]);
    metric('ortaq_frames_duplicate_total', 'counter', 'Frames already in the archive.', [
      ['', this.framesDuplicate],
    ]);
    metric(
      'ortaq_frames_rejected_total',
      'counter',
      'Frames rejected, by reason.',
      [...this.rejects].map(([code, count]) => [`{reason="${code}"}`, count]),
    );
    metric('ortaq_ingest_lag_seconds', 'gauge', 'Receive to commit, last batch.', [
      ['', this.ingestLagSeconds],
    ]);
    metric('ortaq_store_write_seconds_sum', 'counter', 'Time spent in archive commits.', [
      ['', this.storeWriteSeconds],
    ]);
    metric('ortaq_store_writes_total', 'counter', 'Archive commits.', [['', this.storeWrites]]);
    metric('ortaq_live_clients', 'gauge', 'Connected dashboards.', [['', this.liveClients]]);
    metric('ortaq_live_dropped_total', 'counter', 'Live samples dropped for slow dashboards.', [
      ['', this.liveDropped],
    ]);
    metric('ortaq_live_fanout_seconds_sum', 'counter', 'Time spent building and sending live updates.', [
      ['', this.liveFanoutSeconds],
    ]);
    metric('ortaq_live_fanout_ticks_total', 'counter', 'Coalescing ticks that sent updates.', [
      ['', this.liveFanoutTicks],
    ]);
    metric(
      'ortaq_uncaught_errors_total',
      'counter',
      'Exceptions and rejections that escaped every handler (logged; the process carried on).',
      [...this.uncaught].map(([kind, count]) => [`{kind="${kind}"}`, count]),
    );
    metric('ortaq_sockets_unauthenticated_closed_total', 'counter', 'Sockets closed before authenticating.', [
      ['', this.socketsUnauthenticatedClosed],
    ]);
    metric('ortaq_messages_over_budget_total', 'counter', 'Socket messages refused by the parser limits.', [
      ['', this.messagesOverBudget],
    ]);
    metric('ortaq_socket_pending_bytes', 'gauge', 'Bytes held for socket messages being assembled.', [
      ['', this.pendingSocketBytes()],
    ]);
    return lines.join('\n') + '\n';
  }
}
