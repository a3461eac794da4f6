// FrameRecords as the ingest hands them to the archive, decoded from the benchmark's frame stream, for
// benchmarks that drive a Store directly.
import type { FrameRecord } from '../../server/store/types';
import { FrameCodec } from '../../shared/codec';
import { DICTIONARY } from '../../shared/dictionary';
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
        parameterIds: frame.packet.parameters.map((p) => p.id),
        values: frame.eng,
      });
    }
    return records;
  }
}

/** Rows one record adds to the archive: the frame, its reception, one sample per parameter. */
export function rowsOf(records: readonly FrameRecord[]): number {
  return records.reduce((sum, record) => sum + 2 + record.parameterIds.length, 0);
}
