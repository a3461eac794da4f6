// A partner's spacecraft whose XTCE is written as mission databases usually are (test/fixtures/mission/
// meridian: a 4+2-octet TAI CUC and a packet id in the secondary header, two packets on one APID chosen by a
// ComparisonList, nested space systems, a parameter placed from the packet's start, a referenced container
// included only in fine pointing, a time parameter counted from 1958 TAI) flies end to end on the real server
// and its simulator. What the archive, history and current values give is checked against this test's own
// reading of the stored bytes, written from the fixture's layout rather than through Ortaq's decoder.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dictionary } from '../../shared/dictionary';
import type { HistoryResponse, SpacecraftDetail } from '../../shared/protocol/api';
import { requireMission } from '../../server/mission/folder';
import type { Session } from '../helpers/auth';
import { eventually } from '../helpers/cluster';
import { insidePass, startMissionServer, type MissionServer } from '../helpers/missionServer';

const DIR = path.resolve(import.meta.dirname, '../fixtures/mission/meridian');
const MERIDIAN = 'meridian-1';
const dictionary = requireMission(DIR).dictionary;

/** Yellow and red bands of the fixture's limits, as meridian.xml declares them. */
const LIMITS: Record<string, { yellow: [number, number]; red: [number, number] }> = {
  'power.bus_voltage': { yellow: [26, 32], red: [24, 34] },
  'thermal.battery_temp': { yellow: [0, 40], red: [-10, 50] },
  'wheel.speed': { yellow: [-4000, 4000], red: [-5000, 5000] },
  'imager.detector_temp': { yellow: [-20, 30], red: [-30, 40] },
};

const TAI_EPOCH_MS = Date.UTC(1958, 0, 1);
/** TAI − UTC since 1 January 2017 (no leap second since), which covers every date this test flies. */
const TAI_MINUS_UTC_MS = 37_000;

/** A 4+2-octet CUC count from 1958 TAI as UTC ms. */
function taiCucToUtcMs(coarse: number, fine: number): number {
  return TAI_EPOCH_MS + coarse * 1000 + (fine * 1000) / 65536 - TAI_MINUS_UTC_MS;
}

interface OwnFrame {
  packet: 'PowerStatus' | 'AttitudeStatus' | 'ImagerStatus';
  timeMs: number;
  values: Record<string, number>;
  /** String parameters' texts. */
  texts: Record<string, string>;
}

/** A fixed-size UTF-8 string field: its text up to the first NUL. */
function fixedText(b: Buffer, from: number, octets: number): string {
  const field = b.subarray(from, from + octets);
  const nul = field.indexOf(0);
  return field.subarray(0, nul < 0 ? octets : nul).toString('utf8');
}

/**
 * An archived frame read by hand: 6 octets of transfer frame header, then the packet with its time as 4+2
 * octets of Unix time (the archive's form of the TAI CUC), the packet id at packet octet 12, parameters after.
 */
function ownDecode(hex: string): OwnFrame | undefined {
  const b = Buffer.from(hex, 'hex');
  const at = (packetOctet: number) => 6 + packetOctet;
  const apid = ((b[at(0)]! & 0x07) << 8) | b[at(1)]!;
  const timeMs = b.readUInt32BE(at(6)) * 1000 + Math.round((b.readUInt16BE(at(10)) * 1000) / 65536);
  const packetId = b[at(12)]!;
  if (apid === 100 && packetId === 1) {
    const values = {
      'power.bus_voltage': b.readUInt16BE(at(13)) * 0.001 + 0,
      'power.battery_current': b.readInt16BE(at(15)) * 0.01 + 0,
      // Placed from the packet's start at bit 152, after two spare octets.
      'thermal.battery_temp': b[at(19)]! * 0.5 + -40,
    };
    return { packet: 'PowerStatus', timeMs, values, texts: {} };
  }
  if (apid === 100 && packetId === 2) {
    const mode = b[at(13)]!;
    const values: Record<string, number> = { 'aocs.mode': mode };
    // The wheel block is included only in fine pointing (mode 2).
    if (mode === 2) values['wheel.speed'] = b.readInt16BE(at(14));
    return { packet: 'AttitudeStatus', timeMs, values, texts: {} };
  }
  if (apid === 101) {
    return {
      packet: 'ImagerStatus',
      timeMs,
      values: {
        'imager.detector_temp': b.readInt16BE(at(13)) * 0.01 + 0,
        // After the 16 octets of the last file's name.
        'imager.last_exposure': taiCucToUtcMs(b.readUInt32BE(at(31)), b.readUInt16BE(at(35))),
      },
      texts: { 'imager.last_file': fixedText(b, at(15), 16) },
    };
  }
  return undefined;
}

/** The level a value clearly inside or outside its bands has (undefined within the hysteresis of a bound). */
function expectedLevel(parameterId: string, v: number): 'nominal' | 'yellow' | 'red' | undefined {
  const limits = LIMITS[parameterId];
  if (!limits) return undefined;
  const margin = (band: [number, number]) => 0.02 * (band[1] - band[0]);
  const near = (band: [number, number]) =>
    Math.abs(v - band[0]) <= margin(band) || Math.abs(v - band[1]) <= margin(band);
  if (near(limits.yellow) || near(limits.red)) return undefined;
  if (v < limits.red[0] || v > limits.red[1]) return 'red';
  if (v < limits.yellow[0] || v > limits.yellow[1]) return 'yellow';
  return 'nominal';
}

describe("a spacecraft flying a mission's own XTCE layout", () => {
  let mission: MissionServer;
  let admin: Session;

  beforeAll(async () => {
    mission = await startMissionServer(
      'meridian',
      {
        ORTAQ_MISSION: DIR,
        ORTAQ_ADMIN_PARTNER: 'TJ',
        ORTAQ_SIM: 'on',
        ORTAQ_SIM_SPEED: '10',
        ORTAQ_SIM_START: new Date(
          insidePass(dictionary, MERIDIAN, 'dushanbe', Date.now(), 60_000),
        ).toISOString(),
      },
      dictionary,
    );
    admin = mission.admin;
  }, 90_000);

  afterAll(() => mission?.stop());

  const storedFrames = async (): Promise<{ row: string[]; own: OwnFrame | undefined }[]> => {
    const csv = await (await admin.fetch(`/api/frames.csv?spacecraft=${MERIDIAN}`)).text();
    return csv
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','))
      .map((row) => ({ row, own: ownDecode(row[7]!) }));
  };

  it('stores its packets told apart by packet id, with or without the included wheel block', async () => {
    const frames = await eventually(async () => {
      const all = await storedFrames();
      const own = all.map((f) => f.own);
      expect(own.filter((f) => f?.packet === 'PowerStatus').length).toBeGreaterThan(3);
      expect(own.some((f) => f?.packet === 'ImagerStatus')).toBe(true);
      expect(own.some((f) => f?.values['wheel.speed'] !== undefined)).toBe(true);
      expect(own.some((f) => f?.packet === 'AttitudeStatus' && f.values['wheel.speed'] === undefined)).toBe(
        true,
      );
      return all;
    }, 60_000);
    for (const { row, own } of frames) {
      expect(own).toBeDefined();
      // The packet time the archive keeps is the TAI CUC the spacecraft sent, as UTC.
      expect(own!.timeMs).toBe(Number(row[1]));
    }
  }, 70_000);

  it('gives in history and current values what the stored frames hold, with their limit states', async () => {
    const { body: detail } = await admin.json<SpacecraftDetail>(`/api/spacecraft/${MERIDIAN}`);
    const frames = (await storedFrames()).flatMap((f) => (f.own ? [f.own] : []));
    // Header fields (APID, time, packet id) are read, not shown.
    expect(detail.parameters.map((p) => p.parameterId).sort()).toEqual(
      dictionary.packets.flatMap((p) => p.parameters.map((q) => q.id)).sort(),
    );

    const byTime = (id: string) =>
      new Map(frames.filter((f) => f.values[id] !== undefined).map((f) => [f.timeMs, f.values[id]!]));
    const textsByTime = (id: string) =>
      new Map(frames.filter((f) => f.texts[id] !== undefined).map((f) => [f.timeMs, f.texts[id]!]));
    let judged = 0;
    for (const current of detail.parameters) {
      if (current.parameterId === 'imager.last_file') {
        // A string: its text is what the stored packet holds.
        expect(current.text).toBe(textsByTime(current.parameterId).get(current.timeMs));
        continue;
      }
      const stored = byTime(current.parameterId).get(current.timeMs);
      expect(stored, current.parameterId).toBeDefined();
      expect(current.value).toBe(stored);
      const level = expectedLevel(current.parameterId, current.value);
      if (level) {
        expect(current.limit.level, current.parameterId).toBe(level);
        judged++;
      }
    }
    expect(judged).toBeGreaterThan(0);

    // The imager's last exposure is a time: UTC ms, on the minute the simulator gives it, before the packet.
    const exposures = [...byTime('imager.last_exposure')];
    expect(exposures.length).toBeGreaterThan(0);
    for (const [packetMs, exposureMs] of exposures) {
      expect(exposureMs % 60_000).toBe(0);
      expect(packetMs - exposureMs).toBeGreaterThanOrEqual(0);
      expect(packetMs - exposureMs).toBeLessThan(60_000);
    }

    // The dictionary says it is a time and from which epoch; a time has no limits to change.
    const { body: dictionaryServed } = await admin.json<Dictionary>('/api/dictionary');
    const exposure = dictionaryServed.packets
      .flatMap((p) => p.parameters)
      .find((p) => p.id === 'imager.last_exposure');
    expect(exposure?.time).toEqual({ epoch: 'TAI' });
    // Neither a time nor a string has limits to change.
    for (const id of ['imager.last_exposure', 'imager.last_file']) {
      const change = await admin.fetch(`/api/spacecraft/${MERIDIAN}/limits/${id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ limits: { yellow: { low: 0, high: 1 } }, reason: 'no limits here' }),
      });
      expect(change.status, id).toBe(400);
      expect(await change.text()).toContain('limits_not_adjustable');
    }

    // The last file's name is a string: a text naming the simulator's event of that minute.
    const files = [...textsByTime('imager.last_file')];
    expect(files.length).toBeGreaterThan(0);
    for (const [packetMs, file] of files) {
      expect(file).toMatch(/^EV_\d{8}T\d{4}$/);
      expect(file).toBe(
        `EV_${new Date(packetMs - (packetMs % 60_000)).toISOString().slice(0, 16).replace(/[-:]/g, '')}`,
      );
    }
    const served = (await admin.json<Dictionary>('/api/dictionary')).body.packets.flatMap(
      (p) => p.parameters,
    );
    expect(served.find((p) => p.id === 'imager.last_file')?.string).toEqual({ sizeBytes: 16 });
    const fileTimes = files.map(([t]) => t);
    const window = `from=${Math.min(...fileTimes)}&to=${Math.max(...fileTimes) + 1}`;
    const { body: fileHistory } = await admin.json<HistoryResponse>(
      `/api/spacecraft/${MERIDIAN}/history?params=imager.last_file&${window}&maxPoints=5000`,
    );
    // One point per run of one text, each at the first packet that named it.
    const runs = files.filter(([, file], i) => i === 0 || files[i - 1]![1] !== file);
    expect(fileHistory.series[0]!.points.map((p) => [p.t, p.text])).toEqual(runs);
    const csv = await (
      await admin.fetch(`/api/spacecraft/${MERIDIAN}/history.csv?params=imager.last_file&${window}`)
    ).text();
    expect(
      csv
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',')[3]),
    ).toEqual(runs.map(([, file]) => file));

    for (const id of [...Object.keys(LIMITS), 'imager.last_exposure']) {
      const expected = byTime(id);
      const times = [...expected.keys()];
      const { body } = await admin.json<HistoryResponse>(
        `/api/spacecraft/${MERIDIAN}/history?params=${id}&from=${Math.min(...times)}&to=${Math.max(...times) + 1}&maxPoints=5000`,
      );
      const points = body.series[0]!.points;
      expect(points.length, id).toBe(expected.size);
      for (const point of points) expect(point.v).toBe(expected.get(point.t));
    }
  }, 60_000);
});
