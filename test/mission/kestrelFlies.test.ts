// A container two packets include (test/fixtures/mission/kestrel: the OBC status block in the housekeeping
// packet on APID 100 and the diagnostics packet on APID 101) flies end to end on the real server and its
// simulator: both packets carry the same status at each instant, the dictionary lists the one parameter under
// both packets with its source, and current values and history give what the stored frames of both APIDs
// hold — read here by hand from the fixture's layout, not through Ortaq's decoder.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distinctParameters, type Dictionary } from '../../shared/dictionary';
import type { HistoryResponse, SpacecraftDetail } from '../../shared/protocol/api';
import { requireMission } from '../../server/mission/folder';
import type { Session } from '../helpers/auth';
import { eventually } from '../helpers/cluster';
import { insidePass, startMissionServer, type MissionServer } from '../helpers/missionServer';

const DIR = path.resolve(import.meta.dirname, '../fixtures/mission/kestrel');
const KESTREL = 'kestrel-1';
const dictionary = requireMission(DIR).dictionary;
const STATUS = ['obc.mode', 'obc.temp'];

interface OwnFrame {
  apid: number;
  timeMs: number;
  values: Record<string, number>;
}

/**
 * An archived frame read by hand: 6 octets of transfer frame header, then the packet: its primary header, its
 * time as 4+2 octets of Unix time, parameters from packet octet 12 on.
 */
function ownDecode(hex: string): OwnFrame | undefined {
  const b = Buffer.from(hex, 'hex');
  const at = (packetOctet: number) => 6 + packetOctet;
  const apid = ((b[at(0)]! & 0x07) << 8) | b[at(1)]!;
  const timeMs = b.readUInt32BE(at(6)) * 1000 + Math.round((b.readUInt16BE(at(10)) * 1000) / 65536);
  const status = (from: number) => ({
    'obc.mode': b[at(from)]!,
    'obc.temp': b.readInt16BE(at(from + 1)) * 0.01,
  });
  if (apid === 100)
    return { apid, timeMs, values: { 'power.bus_voltage': b.readUInt16BE(at(12)) * 0.001, ...status(14) } };
  if (apid === 101)
    return { apid, timeMs, values: { ...status(12), 'thermal.board_temp': b.readInt16BE(at(15)) * 0.01 } };
  return undefined;
}

describe('a container two packets include, flown', () => {
  let mission: MissionServer;
  let admin: Session;

  beforeAll(async () => {
    mission = await startMissionServer(
      'kestrel',
      {
        ORTAQ_MISSION: DIR,
        ORTAQ_ADMIN_PARTNER: 'TJ',
        ORTAQ_SIM: 'on',
        ORTAQ_SIM_SPEED: '10',
        ORTAQ_SIM_START: new Date(
          insidePass(dictionary, KESTREL, 'dushanbe', Date.now(), 60_000),
        ).toISOString(),
      },
      dictionary,
    );
    admin = mission.admin;
  }, 90_000);

  afterAll(() => mission?.stop());

  const storedFrames = async (): Promise<OwnFrame[]> => {
    const csv = await (await admin.fetch(`/api/frames.csv?spacecraft=${KESTREL}`)).text();
    return csv
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => ownDecode(line.split(',')[7]!))
      .filter((f) => f !== undefined);
  };

  it('sends the same status in both packets of an instant', async () => {
    const frames = await eventually(async () => {
      const all = await storedFrames();
      expect(all.filter((f) => f.apid === 100).length).toBeGreaterThan(3);
      expect(all.filter((f) => f.apid === 101).length).toBeGreaterThan(3);
      return all;
    }, 60_000);
    const diagnostics = new Map(frames.filter((f) => f.apid === 101).map((f) => [f.timeMs, f]));
    let paired = 0;
    for (const housekeeping of frames.filter((f) => f.apid === 100)) {
      const other = diagnostics.get(housekeeping.timeMs);
      if (!other) continue;
      for (const id of STATUS) expect(other.values[id], id).toBe(housekeeping.values[id]);
      paired++;
    }
    expect(paired).toBeGreaterThan(3);
  }, 70_000);

  it('describes the one parameter under both packets, with its source', async () => {
    const { body: served } = await admin.json<Dictionary>('/api/dictionary');
    const carrying = served.packets.filter((p) => p.parameters.some((q) => q.id === 'obc.temp'));
    expect(carrying.map((p) => [p.name, p.apid])).toEqual([
      ['Housekeeping', 100],
      ['Diagnostics', 101],
    ]);
    for (const packet of carrying)
      expect(packet.parameters.find((q) => q.id === 'obc.temp')?.source).toEqual({
        file: 'kestrel.xml',
        qualifiedName: '/Kestrel/OBC/temp',
      });
    // Its limits are those of a housekeeping parameter: read and changed once, for both packets' samples.
    const { status } = await admin.json(`/api/spacecraft/${KESTREL}/limits/obc.temp`);
    expect(status).toBe(200);
  });

  it('gives in current values and history what the frames of both APIDs hold', async () => {
    const { body: detail } = await admin.json<SpacecraftDetail>(`/api/spacecraft/${KESTREL}`);
    const frames = await storedFrames();
    // Each parameter once, however many packets carry it.
    const ids = detail.parameters.map((p) => p.parameterId);
    expect([...ids].sort()).toEqual(
      distinctParameters(dictionary.packets)
        .map((p) => p.id)
        .sort(),
    );

    const samplesOf = (id: string) =>
      frames.filter((f) => f.values[id] !== undefined).sort((a, b) => a.timeMs - b.timeMs);
    for (const id of STATUS) {
      const samples = samplesOf(id);
      expect(new Set(samples.map((f) => f.apid)), id).toEqual(new Set([100, 101]));
      const current = detail.parameters.find((p) => p.parameterId === id)!;
      // A packet time of a frame of either APID, with that frame's value.
      const atCurrent = samples.filter((f) => f.timeMs === current.timeMs);
      expect(atCurrent.length, id).toBeGreaterThan(0);
      for (const f of atCurrent) expect(current.value, id).toBeCloseTo(f.values[id]!, 9);

      const first = samples[0]!.timeMs;
      const last = samples[samples.length - 1]!.timeMs;
      const { body } = await admin.json<HistoryResponse>(
        `/api/spacecraft/${KESTREL}/history?params=${id}&from=${first}&to=${last}&maxPoints=5000`,
      );
      const points = body.series[0]!.points;
      // A sample from each frame of either packet, in time order.
      expect(points.length, id).toBe(samples.length);
      points.forEach((point, i) => {
        expect(point.t).toBe(samples[i]!.timeMs);
        expect(point.v).toBeCloseTo(samples[i]!.values[id]!, 9);
      });
    }
  }, 60_000);
});
