// The fleet moved from TypeScript to mission/ (mission.yaml + XTCE). Frames recorded with the frame codec of
// the TypeScript dictionary, with the engineering values and limit states it gave, must give the same
// through every path that now reads the mission: the frame codec built from the loaded dictionary, the
// decoder and alarm check compiled from the XTCE itself, and the live path's frame decoder generated from
// the XTCE (what ingest, catch-up and history read with).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CRC_BYTES, FrameCodec, TF_HEADER_BYTES } from '../../shared/codec';
import type { LimitState } from '../../shared/protocol/status';
import { alarmState, PacketDecoder, type XtceParameter } from '../../shared/xtce';
import { checkLimits } from '../../server/limits/check';
import { requireMission, SHIPPED_MISSION_DIR } from '../../server/mission/folder';
import { missionFrameDecoder } from '../../shared/mission/frameDecoder';
import { atOddOffset, MUTATORS } from '../fuzz/mutators';
import { createRng } from '../fuzz/rng';
import { buildSeedFrames } from '../fuzz/seeds';

interface RecordedFrame {
  hex: string;
  scid: number;
  apid: number;
  timeMs: number;
  parameters: { id: string; raw: number; eng: number; limit: LimitState }[];
}

const recorded = JSON.parse(
  fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/mission/recorded-frames.json'), 'utf8'),
) as { frames: RecordedFrame[] };
const mission = requireMission(SHIPPED_MISSION_DIR);
const bytesOf = (frame: RecordedFrame) => Uint8Array.from(Buffer.from(frame.hex, 'hex'));

describe('the shipped mission reads recorded frames as the TypeScript dictionary did', () => {
  it('covers every packet and every limit level, with and without context', () => {
    const apids = new Set(recorded.frames.map((f) => f.apid));
    expect(apids.size).toBe(mission.dictionary.packets.length);
    const states = new Set(
      recorded.frames.flatMap((f) => f.parameters.map((p) => `${p.limit.level}/${p.limit.context ?? ''}`)),
    );
    expect(states).toEqual(
      new Set([
        'nominal/',
        'yellow/',
        'red/',
        'nominal/eclipse',
        'yellow/eclipse',
        'red/eclipse',
        'nominal/imaging',
        'yellow/imaging',
        'red/imaging',
        'nominal/coarse',
      ]),
    );
  });

  it('through the frame codec built from the loaded dictionary', () => {
    const codec = new FrameCodec(mission.dictionary);
    for (const frame of recorded.frames) {
      const decoded = codec.decode(bytesOf(frame));
      if (!decoded.ok) throw new Error(`rejected: ${decoded.error}`);
      const { packet, raw, eng } = decoded.frame;
      expect(decoded.frame.timeMs).toBe(frame.timeMs);
      const rawById = new Map(packet.parameters.map((p, i) => [p.id, raw[i]!]));
      const seen = packet.parameters.map((p, i) => ({
        id: p.id,
        raw: raw[i],
        eng: eng[i],
        limit: checkLimits(p, eng[i]!, raw[i]!, (id) => rawById.get(id)),
      }));
      expect(seen).toEqual(frame.parameters);
    }
  });

  it('through the decoder and alarms compiled from the XTCE', () => {
    const database = mission.databases.get('ortaq.xml')!;
    const decoder = new PacketDecoder(
      database.containerByName.get('/Ortaq/CCSDSPacket')!,
      database.parameters.length,
    );
    const idOf = new Map(
      mission.dictionary.packets.flatMap((p) => p.parameters.map((q) => [q.source!.qualifiedName, q.id])),
    );
    for (const frame of recorded.frames) {
      const bytes = bytesOf(frame);
      const result = decoder.decode(bytes, TF_HEADER_BYTES, bytes.length - CRC_BYTES);
      if (!result.ok) throw new Error(`rejected: ${result.error}`);
      const { parameters, raw, eng } = result.packet;
      const values = new Map<XtceParameter, { raw: number | string; eng: number | string }>(
        parameters.map((p, i) => [p, { raw: raw[i]!, eng: eng[i]! }]),
      );
      // The XTCE time keeps the 1/65536 s of the header; the frame codec rounds to the millisecond.
      const time = values.get(database.parameterByName.get('/Ortaq/PacketTime')!)?.eng as number;
      expect(Math.round(time)).toBe(frame.timeMs);
      expect(values.get(database.parameterByName.get('/Ortaq/CCSDS_APID')!)?.raw).toBe(frame.apid);
      const seen = parameters.flatMap((p, i) => {
        const id = idOf.get(p.qualifiedName);
        if (!id) return [];
        // Enumerations read as labels here; the live path keeps the raw number as the engineering value.
        const engineering = p.type.kind === 'enumerated' ? raw[i] : eng[i];
        return [
          { id, raw: raw[i], eng: engineering, limit: alarmState(p, eng[i]!, (other) => values.get(other)) },
        ];
      });
      expect(seen).toEqual(frame.parameters);
    }
  });
});

describe('the live frame decoder generated from the XTCE', () => {
  const decoder = missionFrameDecoder(mission);
  const codec = new FrameCodec(mission.dictionary);

  it('gives the recorded values and limit states', () => {
    for (const frame of recorded.frames) {
      const decoded = decoder.decode(bytesOf(frame));
      if (!decoded.ok) throw new Error(`rejected: ${decoded.error}`);
      const { packet, raw, eng } = decoded.frame;
      expect([decoded.frame.timeMs, decoded.frame.apid, decoded.frame.scid]).toEqual([
        frame.timeMs,
        frame.apid,
        frame.scid,
      ]);
      const rawById = new Map(packet.parameters.map((p, i) => [p.id, raw[i]!]));
      const seen = packet.parameters.map((p, i) => ({
        id: p.id,
        raw: raw[i],
        eng: eng[i],
        limit: checkLimits(p, eng[i]!, raw[i]!, (id) => rawById.get(id)),
      }));
      expect(seen).toEqual(frame.parameters);
    }
  });

  it('accepts and refuses damaged frames exactly as the compiled codec does, with the same codes', () => {
    const rng = createRng(1616);
    const seeds = [...recorded.frames.map(bytesOf), ...buildSeedFrames(mission.dictionary, rng)];
    const verdicts = new Set<string>();
    for (let i = 0; i < 4000; i++) {
      const bytes = atOddOffset(rng, rng.pick(MUTATORS)(rng, rng.pick(seeds), rng.pick(seeds)));
      const ours = decoder.decode(bytes);
      const compiled = codec.decode(bytes);
      verdicts.add(ours.ok ? 'ok' : ours.error);
      expect(ours, Buffer.from(bytes).toString('hex')).toEqual(compiled);
    }
    // The run reached the decoded path and the refusals that depend on the packet, not only the framing.
    for (const verdict of ['ok', 'crc_mismatch', 'unknown_apid', 'bad_length'])
      expect(verdicts).toContain(verdict);
  });
});
