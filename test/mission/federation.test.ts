// The federation mission (mission/federation-100): the committed folder is exactly what its generator
// writes, it passes the check, and its fleet is what the partners plan: 100 spacecraft in sun-synchronous
// and inclined orbits with well-formed elements, 30 stations across the five partners and abroad.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runMissionCli } from '../../server/mission/cli';
import { FEDERATION_DIR, federationFiles } from '../../server/mission/federation';
import { requireMission, SHIPPED_MISSION_DIR } from '../../server/mission/folder';
import { parseMissionYaml } from '../../shared/mission/missionFile';
import { tleLinesOf, revsPerDayAt, sunSynchronousInclinationDeg } from '../../server/mission/tleLines';
import { parseTle } from '../../shared/orbit';
import { tempDir } from '../helpers/auth';

const federation = requireMission(FEDERATION_DIR);
const shipped = requireMission(SHIPPED_MISSION_DIR);
const { spacecraft, stations, partners } = federation.mission!;

describe('the federation generator', () => {
  it('reproduces the committed folder byte for byte, and the folder holds nothing else', () => {
    const files = federationFiles();
    expect([...files.keys()].sort()).toEqual(fs.readdirSync(FEDERATION_DIR).sort());
    for (const [name, bytes] of files) {
      expect(
        Buffer.compare(bytes, fs.readFileSync(`${FEDERATION_DIR}/${name}`)),
        `${name} differs from what npm run mission -- generate-federation writes`,
      ).toBe(0);
    }
  });

  it('writes a folder that passes the check through the CLI', { timeout: 60_000 }, () => {
    const dir = tempDir('ortaq-federation-');
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l) };
    expect(runMissionCli(['generate-federation', dir], io)).toBe(0);
    expect(fs.readFileSync(`${dir}/mission.yaml`)).toEqual(fs.readFileSync(`${FEDERATION_DIR}/mission.yaml`));
    out.length = 0;
    expect(runMissionCli(['check', dir], io), out.join('\n')).toBe(0);
    expect(out.filter((l) => l.includes('42 parameters'))).toHaveLength(100);
    expect(out.at(-1)).toBe('The mission can run.');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes YAML that reads back to the mission it was written from', () => {
    const text = fs.readFileSync(`${FEDERATION_DIR}/mission.yaml`, 'utf8');
    const parsed = parseMissionYaml(text, 'mission.yaml');
    expect(parsed.problems).toEqual([]);
    expect(parsed.mission!.spacecraft.slice(0, shipped.mission!.spacecraft.length)).toEqual(
      shipped.mission!.spacecraft,
    );
    expect(parsed.mission!.stations.slice(0, shipped.mission!.stations.length)).toEqual(
      shipped.mission!.stations,
    );
  });
});

describe('the federation fleet', () => {
  it('flies the shipped spacecraft and notional ones up to 100, with unique ids, SCIDs and NORAD ids', () => {
    expect(spacecraft).toHaveLength(100);
    expect(spacecraft.slice(0, shipped.dictionary.spacecraft.length).map((s) => s.id)).toEqual(
      shipped.dictionary.spacecraft.map((s) => s.id),
    );
    expect(spacecraft.filter((s) => s.notional).length).toBeGreaterThanOrEqual(94);
    for (const key of ['id', 'scid', 'noradId'] as const)
      expect(new Set(spacecraft.map((s) => s[key])).size, key).toBe(100);
    // Every partner operates a share of the notional fleet.
    for (const partner of partners)
      expect(spacecraft.filter((s) => s.partner === partner.id).length).toBeGreaterThanOrEqual(15);
  });

  it('gives every notional spacecraft valid elements of a plausible low orbit, dated autumn 2026', () => {
    const epochs: number[] = [];
    const sunSynchronous: number[] = [];
    const inclined = new Set<number>();
    for (const s of spacecraft.filter((x) => x.notional)) {
      const tle = parseTle(s.tle);
      expect(tle.ok, `${s.id}: ${tle.ok ? '' : tle.error}`).toBe(true);
      if (!tle.ok) continue;
      const revsPerDay = Number(s.tle[1].slice(52, 63));
      expect(revsPerDay).toBeGreaterThan(13.4); // below ~1 200 km
      expect(revsPerDay).toBeLessThan(15.6); // above ~350 km
      const inclination = Number(s.tle[1].slice(8, 16));
      if (inclination > 95) sunSynchronous.push(Number(s.tle[1].slice(17, 25)));
      else inclined.add(inclination);
      epochs.push(tle.orbit.epochMs);
    }
    expect(Math.min(...epochs)).toBeGreaterThanOrEqual(Date.UTC(2026, 9, 20));
    expect(Math.max(...epochs)).toBeLessThanOrEqual(Date.UTC(2026, 10, 1));
    expect(sunSynchronous.length).toBeGreaterThan(60);
    expect(inclined.size).toBeGreaterThanOrEqual(6);
    // Planes spread around the Earth: ascending nodes in at least 6 of the 12 30° sectors.
    expect(new Set(sunSynchronous.map((raan) => Math.floor(raan / 30))).size).toBeGreaterThanOrEqual(6);
  });

  it('has 30 stations across the five partners and abroad, each with what pass prediction needs', () => {
    expect(stations).toHaveLength(30);
    expect(new Set(stations.map((s) => s.id)).size).toBe(30);
    for (const partner of ['KZ', 'TR', 'AZ', 'UZ', 'KG'])
      expect(stations.filter((s) => s.partner === partner).length, partner).toBeGreaterThanOrEqual(3);
    // Leased antennas far from the partner countries: the Arctic and the southern hemisphere.
    expect(stations.filter((s) => s.lat > 60 || s.lat < 0).length).toBeGreaterThanOrEqual(3);
    for (const s of stations) {
      expect(s.minElevationDeg).toBeGreaterThan(0);
      expect(s.maxDownlinkBps).toBeGreaterThan(0);
    }
  });

  it('declares Azerbaijan, Uzbekistan and Kyrgyzstan with their time zones and colours', () => {
    expect(partners.find((p) => p.id === 'AZ')).toMatchObject({ timeZone: 'Asia/Baku', colour: '#009E73' });
    expect(partners.find((p) => p.id === 'UZ')).toMatchObject({ timeZone: 'Asia/Tashkent' });
    expect(partners.find((p) => p.id === 'KG')).toMatchObject({ timeZone: 'Asia/Bishkek' });
    for (const p of partners) expect(p.colour).toMatch(/^#[0-9A-F]{6}$/i);
  });
});

describe('two-line elements from mean elements', () => {
  it('writes a published element set column for column, checksums included', () => {
    // KazEOSat-1, as the shipped mission carries it.
    expect(
      tleLinesOf({
        noradId: 39731,
        designator: '14024A',
        epochYear: 26,
        epochDay: 114.248186,
        inclinationDeg: 98.3216,
        raanDeg: 188.0314,
        eccentricity: 0.0001389,
        argPerigeeDeg: 99.5008,
        meanAnomalyDeg: 260.6339,
        revsPerDay: 14.42057663,
        meanMotionDot: 0.00000094,
        bstar: 0.000041638,
        revolution: 63078,
      }),
    ).toEqual(shipped.dictionary.spacecraft[0]!.tle);
  });

  it('puts a sun-synchronous orbit at 700 km at about 98.2° and 14.6 revolutions a day', () => {
    expect(sunSynchronousInclinationDeg(700)).toBeCloseTo(98.19, 1);
    expect(revsPerDayAt(700)).toBeCloseTo(14.56, 1);
  });
});
