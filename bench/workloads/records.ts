// FrameRecords as the ingest hands them to the archive, decoded from the benchmark's frame stream, for
// benchmarks that drive a Store directly.
import { ReceptionAccumulator } from '../../server/archive/receptionCells';
import { RollupAccumulator } from '../../server/archive/rollup';
import type { FrameRecord } from '../../server/archive/types';
import { FrameCodec } from '../../shared/codec';
import { packetParameters } from '../../shared/dictionary';
import { DICTIONARY } from '../../server/mission/shipped';
import { FrameFactory, streamKey } from './frameFactory';

export class RecordStream {
  private readonly factory = new FrameFactory(DICTIONARY);
  private readonly codec = new FrameCodec(DICTIONARY);
  private next = 0;

  constructor(
    private readonly stations: readonly string[],
    private readonly startMs: number,
  ) {}

  /** The next `count` records; station i of n sends lane i, so every record is unique. */
  take(count: number, receivedMs: number): FrameRecord[] {
    const records: FrameRecord[] = [];
    for (let i = 0; i < count; i++, this.next++) {
      const lane = this.next % this.stations.length;
      const n = Math.floor(this.next / this.stations.length);
      const bytes = this.factory.frame(streamKey(this.factory, n, lane, this.startMs), n);
      const decoded = this.codec.decode(bytes);
      if (!decoded.ok) throw new Error(`benchmark frame rejected: ${decoded.error}`);
      const frame = decoded.frame;
      records.push({
        stationId: this.stations[lane]!,
        spacecraftId: frame.spacecraft.id,
        apid: frame.apid,
        sequenceCount: frame.sequenceCount,
        timeMs: frame.timeMs,
        playback: false,
        receivedMs,
        ertMs: receivedMs,
        snrDb: 12.5,
        bytes,
        parameterIds: packetParameters(frame.packet).map((p) => p.id),
        values: frame.eng,
      });
    }
    return records;
  }
}

/**
 * Rows a batch of records writes: per record its frame; per station, spacecraft and second of packet time one
 * reception cell; and the rollup cells its values go into (one per spacecraft, parameter and minute, 10
 * minutes or hour). Cells are shared by the records of a batch.
 */
export function rowsOf(records: readonly FrameRecord[]): number {
  const ids = new Map<string, number>();
  const idOf = (name: string) => ids.get(name) ?? (ids.set(name, ids.size), ids.size - 1);
  const rollups = new RollupAccumulator();
  const receptions = new ReceptionAccumulator();
  for (const record of records) {
    const sc = idOf(record.spacecraftId);
    receptions.add(idOf(record.stationId), sc, record.timeMs, record.snrDb, true);
    record.parameterIds.forEach((parameterId, i) => {
      rollups.add(sc, idOf(parameterId), record.timeMs, record.values[i]!);
    });
  }
  const rollupRows = rollups.size + rollups.tenMinutes().length + rollups.hours().length;
  return records.length + receptions.sorted().length + rollupRows;
}
