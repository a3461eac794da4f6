// A container of parameters that two packets include (test/fixtures/mission/kestrel: the on-board computer's
// status block, in the housekeeping packet on APID 100 and the diagnostics packet on APID 101). The check
// accepts it and still refuses two different parameters given one id; each packet's frames give the shared
// parameters' values; live processing, the catch-up and the restore take every packet's value as a sample
// of the one parameter, judged by its limits (a limit change too), the newest packet time being the current
// value; and both archives read its history from the frames of both APIDs in time order, roll up the samples
// of both and restore the newest.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VC_REALTIME } from '../../shared/codec';
import { indexDictionary, packetParameters, type PacketDef } from '../../shared/dictionary';
import { loadMissionFrom, type LoadedMission } from '../../shared/mission/loader';
import { missionFrameDecoder } from '../../shared/mission/frameDecoder';
import { missionFrameEncoder } from '../../shared/mission/frameEncoder';
import type { LiveSample } from '../../shared/protocol/live';
import { epochMs } from '../../shared/units';
import type { FrameRecord } from '../../server/archive/types';
import { runMissionCli } from '../../server/mission/cli';
import { requireMission } from '../../server/mission/folder';
import { AlarmBook } from '../../server/limits/alarms';
import { LimitOverrides } from '../../server/limits/overrides';
import { CurrentValues } from '../../server/state/currentValues';
import { restoreState } from '../../server/state/restore';
import { StationStatsBook } from '../../server/state/stationStats';
import { ManualClock } from '../helpers/clock';
import { lineOf } from '../helpers/derivedYaml';
import { missionArchives } from '../helpers/missionArchives';
import { samplePaths } from '../helpers/samplePaths';
import { sendBatch } from '../helpers/stations';
import { deliveredRecord } from '../helpers/records';

const DIR = path.resolve(import.meta.dirname, '../fixtures/mission/kestrel');
const YAML = fs.readFileSync(path.join(DIR, 'mission.yaml'), 'utf8');
const XTCE = fs.readFileSync(path.join(DIR, 'kestrel.xml'), 'utf8');
const KESTREL = 'kestrel-1';
const T0 = Date.UTC(2026, 10, 2, 12, 0, 0);

const mission = requireMission(DIR);
const encoder = missionFrameEncoder(mission);
const decoder = missionFrameDecoder(mission);
const packetNamed = (name: string) => mission.dictionary.packets.find((p) => p.name === name)!;
const HOUSEKEEPING = packetNamed('Housekeeping');
const DIAGNOSTICS = packetNamed('Diagnostics');
const MODE = { SAFE: 0, NOMINAL: 1, MAINTENANCE: 2 } as const;

function load(files: Record<string, string>): LoadedMission {
  return loadMissionFrom((name) => {
    const text = files[name];
    return text === undefined ? { ok: false, error: 'no such file' } : { ok: true, text };
  });
}

const messages = (loaded: LoadedMission) => loaded.problems.map((p) => `${p.file}:${p.line}: ${p.message}`);

interface Sent {
  packet: PacketDef;
  sequenceCount: number;
  tMs: number;
  /** The packet's measured values by id. */
  values: Record<string, number>;
}

function encode(sent: Sent): Uint8Array {
  return encoder.encodeEngineering(
    {
      scid: 403,
      vcid: VC_REALTIME,
      masterFrameCount: sent.sequenceCount,
      virtualFrameCount: sent.sequenceCount,
      apid: sent.packet.apid,
      sequenceCount: sent.sequenceCount,
      timeMs: epochMs(T0 + sent.tMs),
    },
    sent.packet.parameters.map((p) => sent.values[p.id]!),
    sent.packet,
  );
}

const hk = (sequenceCount: number, tMs: number, bus: number, mode: number, temp: number): Sent => ({
  packet: HOUSEKEEPING,
  sequenceCount,
  tMs,
  values: { 'power.bus_voltage': bus, 'obc.mode': mode, 'obc.temp': temp },
});
const diag = (sequenceCount: number, tMs: number, mode: number, temp: number, board: number): Sent => ({
  packet: DIAGNOSTICS,
  sequenceCount,
  tMs,
  values: { 'obc.mode': mode, 'obc.temp': temp, 'thermal.board_temp': board },
});

/**
 * The packets in the order they arrive: the two packets in turn, the diagnostics one above the OBC's yellow
 * limit once; then, late, a housekeeping packet older than the newest diagnostics one: its bus voltage is the
 * newest heard, its status block is not.
 */
const SENT: Sent[] = [
  hk(1, 0, 28, MODE.NOMINAL, 20),
  diag(1, 1000, MODE.NOMINAL, 55, 30),
  hk(2, 2000, 28.5, MODE.NOMINAL, 22),
  diag(2, 3000, MODE.MAINTENANCE, 23, 31),
  hk(3, 2500, 29, MODE.NOMINAL, 21),
];

const cents = (v: number) => Math.round(v * 100) / 100;

/** What every path must give of the shared temperature: a sample per packet, in packet time order. */
const TEMPERATURES = [...SENT].sort((a, b) => a.tMs - b.tMs).map((s) => [s.tMs, s.values['obc.temp']!]);

function record(sent: Sent, receivedMs: number): FrameRecord {
  return deliveredRecord(decoder, 'dushanbe', encode(sent), receivedMs);
}

describe('a container two packets include', () => {
  it('is one parameter carried by both packets, from one XTCE declaration', () => {
    const loaded = load({ 'mission.yaml': YAML, 'kestrel.xml': XTCE });
    expect(messages(loaded)).toEqual([]);
    const packets = loaded.dictionary!.packets.map((p) => [p.name, p.apid, p.parameters.map((q) => q.id)]);
    expect(packets).toEqual([
      ['Housekeeping', 100, ['power.bus_voltage', 'obc.mode', 'obc.temp']],
      ['Diagnostics', 101, ['obc.mode', 'obc.temp', 'thermal.board_temp']],
    ]);
    const index = indexDictionary(loaded.dictionary!);
    const carriers = (id: string) => index.packetsOfParameter.get(id)?.map((p) => p.name);
    expect(carriers('obc.temp')).toEqual(['Housekeeping', 'Diagnostics']);
    expect(carriers('power.bus_voltage')).toEqual(['Housekeeping']);
    expect(index.parameterById.get('obc.temp')?.source).toEqual({
      file: 'kestrel.xml',
      qualifiedName: '/Kestrel/OBC/temp',
    });
    // A derived parameter over the block alone is computed in both packets; over the block and one packet's
    // own parameter, in that packet.
    expect(carriers('obc.temp_f')).toEqual(['Housekeeping', 'Diagnostics']);
    expect(carriers('thermal.board_above_obc')).toEqual(['Diagnostics']);
  });

  it('is listed by the check without a problem, counted once', () => {
    const out: string[] = [];
    const err: string[] = [];
    expect(runMissionCli(['check', DIR], { out: (l) => out.push(l), err: (l) => err.push(l) })).toBe(0);
    expect(err).toEqual([]);
    expect(out).toContain(
      '  kestrel-1: kestrel.xml from /Kestrel/CCSDSPacket, 2 containers (Housekeeping, Diagnostics), 4 parameters',
    );
    expect(out).toContain('    obc.temp_f = obc.temp * 1.8 + 32 (Housekeeping, Diagnostics)');
    expect(out).toContain('The mission can run.');
  });

  it('still refuses two different parameters of one file given one id', () => {
    const aliased = XTCE.replace(
      '<Parameter name="board_temp" parameterTypeRef="board_degrees" shortDescription="Board temperature"/>',
      `<Parameter name="board_temp" parameterTypeRef="board_degrees" shortDescription="Board temperature">
          <AliasSet><Alias nameSpace="ortaq" alias="power.bus_voltage"/></AliasSet>
        </Parameter>`,
    );
    expect(aliased).not.toBe(XTCE);
    const yaml = YAML.replace(/derived:[\s\S]*$/, '');
    const loaded = load({ 'mission.yaml': yaml, 'kestrel.xml': aliased });
    expect(loaded.dictionary).toBeUndefined();
    expect(messages(loaded)).toContain(
      `mission.yaml:${lineOf(yaml, 'xtce: kestrel.xml')}: parameter id power.bus_voltage is /Kestrel/Power/bus_voltage (kestrel.xml) in Housekeeping and /Kestrel/Thermal/board_temp (kestrel.xml) in Diagnostics of kestrel-1's packets; an id names one parameter of the mission (give one an Alias nameSpace="ortaq" of its own)`,
    );
  });

  it('still refuses one id for parameters of two XTCE files', () => {
    // A second spacecraft flying a copy of the file on APIDs of its own: the same names, other declarations.
    const copy = XTCE.replace('value="100"', 'value="200"').replace('value="101"', 'value="201"');
    const second = YAML.replace(/derived:[\s\S]*$/, '').concat(
      YAML.slice(YAML.indexOf('  - id: kestrel-1'), YAML.indexOf('derived:'))
        .replace('id: kestrel-1', 'id: kestrel-2')
        .replace('scid: 403', 'scid: 404')
        .replace('noradId: 99904', 'noradId: 99905')
        .replace('xtce: kestrel.xml', 'xtce: kestrel-copy.xml'),
    );
    const loaded = load({ 'mission.yaml': second, 'kestrel.xml': XTCE, 'kestrel-copy.xml': copy });
    expect(loaded.dictionary).toBeUndefined();
    expect(messages(loaded)).toContain(
      `mission.yaml:${lineOf(second, 'xtce: kestrel-copy.xml')}: parameter id power.bus_voltage is /Kestrel/Power/bus_voltage (kestrel.xml) in Housekeeping and /Kestrel/Power/bus_voltage (kestrel-copy.xml) in Housekeeping of kestrel-2's packets; an id names one parameter of the mission (give one an Alias nameSpace="ortaq" of its own)`,
    );
  });

  it('still refuses a derived parameter whose inputs no one packet carries', () => {
    const yaml = YAML.replace(
      'expression: thermal.board_temp - obc.temp',
      'expression: thermal.board_temp - power.bus_voltage',
    );
    const loaded = load({ 'mission.yaml': yaml, 'kestrel.xml': XTCE });
    expect(loaded.dictionary).toBeUndefined();
    expect(messages(loaded)).toContain(
      `mission.yaml:${lineOf(yaml, 'expression: thermal.board_temp - power.bus_voltage')}: derived parameter thermal.board_above_obc reads parameters of Diagnostics and Housekeeping; a derived parameter is computed from the values of one packet, so every parameter it reads must come in the same packet`,
    );
  });

  it("gives the shared parameters' values from the frames of either packet", () => {
    const valuesOf = (sent: Sent) => {
      const decoded = decoder.decode(encode(sent));
      if (!decoded.ok) throw new Error(decoded.error);
      const ids = packetParameters(decoded.frame.packet).map((p) => p.id);
      return {
        apid: decoded.frame.apid,
        values: Object.fromEntries(ids.map((id, i) => [id, cents(decoded.frame.eng[i]!)])),
      };
    };
    expect(valuesOf(hk(7, 0, 28, MODE.NOMINAL, 20))).toEqual({
      apid: 100,
      values: { 'power.bus_voltage': 28, 'obc.mode': 1, 'obc.temp': 20, 'obc.temp_f': 68 },
    });
    expect(valuesOf(diag(7, 0, MODE.SAFE, -12.5, 30))).toEqual({
      apid: 101,
      values: {
        'obc.mode': 0,
        'obc.temp': -12.5,
        'thermal.board_temp': 30,
        'obc.temp_f': 9.5,
        'thermal.board_above_obc': 42.5,
      },
    });
  });
});

/** Each sample as [ms after T0, value, live?, limit level], in time order. */
const described = (samples: readonly LiveSample[], parameterId: string) =>
  samples
    .filter((s) => s.parameterId === parameterId)
    .sort((a, b) => a.t - b.t)
    .map((s) => [s.t - T0, cents(s.v), !s.playback, s.limit.level]);

describe('samples of a parameter two packets carry', () => {
  const paths = samplePaths({
    startMs: T0 + 60_000,
    mission: { loaded: mission, decoder },
    station: { id: 'dushanbe', secret: 'dushanbe-secret' },
  });

  it('come from both packets live, after a catch-up and after a restore', { timeout: 30_000 }, async () => {
    const live = await paths.subscribe([KESTREL]);
    const sinceMs = paths.clock.now();
    for (const sent of SENT) {
      paths.clock.advance(1);
      expect(await sendBatch(paths.station, [{ bytes: encode(sent) }])).toMatchObject({
        results: [{ status: 'stored' }],
      });
    }
    await paths.server.app.flush();
    const count = SENT.reduce((n, s) => n + packetParameters(s.packet).length, 0);
    await expect.poll(() => live.updates.length, { timeout: 5000 }).toBe(count);

    // Both packets' values are samples of the one temperature, judged by its limits; the late housekeeping
    // packet's is older than the newest diagnostics one, so it is history, while its bus voltage is the newest.
    const temperatures = [
      [0, 20, true, 'nominal'],
      [1000, 55, true, 'yellow'],
      [2000, 22, true, 'nominal'],
      [2500, 21, false, 'nominal'],
      [3000, 23, true, 'nominal'],
    ];
    expect(described(live.updates, 'obc.temp')).toEqual(temperatures);
    expect(temperatures.map(([t, v]) => [t, v])).toEqual(TEMPERATURES);
    expect(described(live.updates, 'power.bus_voltage').map(([t, , isLive]) => [t, isLive])).toEqual([
      [0, true],
      [2000, true],
      [2500, true],
    ]);
    expect(described(live.updates, 'obc.temp_f').map(([t]) => t)).toEqual([0, 1000, 2000, 2500, 3000]);
    expect(described(live.updates, 'thermal.board_above_obc').map(([t]) => t)).toEqual([1000, 3000]);
    const alarm = paths.server.app.alarms.list().find((a) => a.parameterId === 'obc.temp');
    expect(alarm).toMatchObject({ spacecraftId: KESTREL, level: 'yellow', active: false });

    const current = (id: string) => paths.server.app.current.get(KESTREL, id);
    expect(current('obc.temp')).toMatchObject({ timeMs: T0 + 3000, limit: { level: 'nominal' } });
    expect(cents(current('obc.temp')!.value)).toBe(23);
    expect(current('obc.mode')).toMatchObject({ timeMs: T0 + 3000, value: MODE.MAINTENANCE });
    expect(current('power.bus_voltage')).toMatchObject({ timeMs: T0 + 2500, value: 29 });

    // The catch-up replays the same frames to the same samples.
    const caughtUp = await paths.subscribe([KESTREL], sinceMs);
    for (const id of ['obc.temp', 'obc.mode', 'power.bus_voltage', 'obc.temp_f', 'thermal.board_temp'])
      expect(described(caughtUp.reply, id), id).toEqual(described(live.updates, id));

    const restored = await paths.restore();
    expect(restored.get(KESTREL, 'obc.temp')).toMatchObject({ timeMs: T0 + 3000 });
    expect(cents(restored.get(KESTREL, 'obc.temp')!.value)).toBe(23);
    expect(restored.get(KESTREL, 'obc.mode')).toMatchObject({ timeMs: T0 + 3000, value: MODE.MAINTENANCE });
    expect(restored.get(KESTREL, 'power.bus_voltage')).toMatchObject({ timeMs: T0 + 2500, value: 29 });
  });
  it('are judged by one limit change, whichever packet brings them', { timeout: 30_000 }, async () => {
    const change = await paths.server.session.json(`/api/spacecraft/${KESTREL}/limits/obc.temp`, {
      method: 'POST',
      body: JSON.stringify({
        limits: { yellow: { low: 0, high: 21 }, red: { low: -10, high: 40 } },
        reason: 'a tighter band for the new board',
      }),
    });
    expect(change.status).toBe(201);
    const live = await paths.subscribe([KESTREL]);
    const sent = [
      hk(1, 0, 28, MODE.NOMINAL, 20),
      diag(1, 1000, MODE.NOMINAL, 22, 30),
      hk(2, 2000, 28, MODE.NOMINAL, 25),
      diag(2, 3000, MODE.NOMINAL, 20, 30),
    ];
    for (const one of sent) {
      paths.clock.advance(1);
      await sendBatch(paths.station, [{ bytes: encode(one) }]);
    }
    await paths.server.app.flush();
    await expect.poll(() => described(live.updates, 'obc.temp').length, { timeout: 5000 }).toBe(4);
    expect(described(live.updates, 'obc.temp').map(([t, , , level]) => [t, level])).toEqual([
      [0, 'nominal'],
      [1000, 'yellow'],
      [2000, 'yellow'],
      [3000, 'nominal'],
    ]);
  });
});

describe.each(missionArchives(mission.dictionary, decoder))(
  'a parameter two packets carry on $name',
  (archive) => {
    it('has a history of both APIDs in time order, rolled up together, and restores the newest', async () => {
      const { store, dispose } = await archive.open();
      try {
        const records = SENT.map((sent, i) => record(sent, T0 + 10_000 + i));
        await store.commit({ frames: records, alarms: [], events: [], stations: [], downlink: [] });
        const history = (parameterId: string, toMs: number, maxPoints: number) =>
          store.history({ spacecraftId: KESTREL, parameterId, fromMs: T0, toMs, maxPoints });

        const raw = await history('obc.temp', T0 + 10_000, 100);
        expect(raw.downsampled).toBe(false);
        expect(raw.points.map((p) => [p.t - T0, cents(p.v)])).toEqual(TEMPERATURES);
        expect((await history('power.bus_voltage', T0 + 10_000, 100)).points.map((p) => p.t - T0)).toEqual([
          0, 2000, 2500,
        ]);
        expect((await history('obc.temp_f', T0 + 10_000, 100)).points.map((p) => p.t - T0)).toEqual([
          0, 1000, 2000, 2500, 3000,
        ]);
        // Three minutes in two points: from the minute rollups, which counted the samples of both packets.
        const rolled = await history('obc.temp', T0 + 179_999, 2);
        expect(rolled.downsampled).toBe(true);
        expect(rolled.points).toHaveLength(1);
        expect(rolled.points[0]).toMatchObject({ n: 5 });
        expect([cents(rolled.points[0]!.min), cents(rolled.points[0]!.max)]).toEqual([20, 55]);

        const latest = await store.latestValues();
        const temperature = latest.filter((v) => v.parameterId === 'obc.temp');
        expect(temperature).toHaveLength(1);
        expect(temperature[0]).toMatchObject({ timeMs: T0 + 3000 });
        expect(latest.filter((v) => v.parameterId === 'obc.mode')).toEqual([
          { spacecraftId: KESTREL, parameterId: 'obc.mode', timeMs: T0 + 3000, value: MODE.MAINTENANCE },
        ]);

        // A restart shows the newest sample of each, whichever packet brought it.
        const restored = new CurrentValues();
        await restoreState({
          archive: store,
          index: indexDictionary(mission.dictionary),
          clock: new ManualClock(T0 + 60_000),
          current: restored,
          alarms: new AlarmBook(() => 'id'),
          stations: new StationStatsBook(),
          limits: new LimitOverrides(),
        });
        expect(restored.get(KESTREL, 'obc.temp')).toMatchObject({ timeMs: T0 + 3000 });
        expect(cents(restored.get(KESTREL, 'obc.temp')!.value)).toBe(23);
        expect(restored.get(KESTREL, 'power.bus_voltage')).toMatchObject({ timeMs: T0 + 2500, value: 29 });
        expect(restored.get(KESTREL, 'thermal.board_temp')).toMatchObject({ timeMs: T0 + 3000, value: 31 });
      } finally {
        await store.close();
        await dispose();
      }
    });
  },
);
