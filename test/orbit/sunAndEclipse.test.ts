import { describe, expect, it } from 'vitest';
import { DICTIONARY } from '../../server/mission/shipped';
import {
  KM_PER_AU,
  cross,
  dot,
  groundTrack,
  isEclipsed,
  norm,
  normalize,
  orbitOf,
  propagate,
  scale,
  shadowFractionAt,
  subSatellitePoint,
  sunAngles,
  sunDirection,
  sunPositionKm,
  vec3,
} from '../../shared/orbit';

const utc = (iso: string) => Date.parse(iso);

describe('sun position', () => {
  it('stands at the solstice and equinox declinations', () => {
    expect(sunAngles(utc('2026-06-21T08:25:00Z')).declinationDeg).toBeCloseTo(23.44, 1);
    expect(sunAngles(utc('2026-12-21T20:50:00Z')).declinationDeg).toBeCloseTo(-23.44, 1);
    expect(Math.abs(sunAngles(utc('2026-03-20T14:46:00Z')).declinationDeg)).toBeLessThan(0.05);
  });

  it('is nearest in early January and farthest in early July', () => {
    const perihelion = norm(sunPositionKm(utc('2026-01-03T17:00:00Z'))) / KM_PER_AU;
    const aphelion = norm(sunPositionKm(utc('2026-07-06T18:00:00Z'))) / KM_PER_AU;
    expect(perihelion).toBeCloseTo(0.9833, 3);
    expect(aphelion).toBeCloseTo(1.0167, 3);
  });
});

describe('Earth shadow', () => {
  const t = utc('2026-11-25T12:00:00Z');
  const sun = sunDirection(t);

  it('lights the day side and darkens the night side', () => {
    expect(shadowFractionAt(scale(sun, 7000), t)).toBe(0);
    expect(shadowFractionAt(scale(sun, -7000), t)).toBe(1);
    // Beside the Earth, seen across the terminator: lit.
    const beside = vec3(-sun.y, sun.x, 0);
    expect(shadowFractionAt(scale(beside, 7000 / norm(beside)), t)).toBe(0);
  });

  it('eclipses an orbit for the share the beta angle predicts, through short penumbrae', () => {
    const spacecraft = DICTIONARY.spacecraft.find((s) => s.id === 'kazeosat-2')!;
    const orbit = orbitOf(spacecraft);
    const periodMs = (2 * Math.PI * 60_000) / orbit.satrec.no;
    let eclipsed = 0;
    let transitions = 0;
    let penumbra = 0;
    let previous: boolean | undefined;
    const stepMs = 5_000;
    for (let time = t; time < t + periodMs; time += stepMs) {
      const position = propagate(orbit, time)!.positionKm;
      const fraction = shadowFractionAt(position, time);
      if (fraction > 0 && fraction < 1) penumbra++;
      const inShadow = isEclipsed(position, time);
      if (inShadow) eclipsed++;
      if (previous !== undefined && inShadow !== previous) transitions++;
      previous = inShadow;
    }
    const share = (eclipsed * stepMs) / periodMs;
    // Cylindrical-shadow estimate from the angle between the orbit plane and the Sun (beta):
    // share = acos(sqrt(h² + 2Rh) / ((R + h) cos β)) / π.
    const state = propagate(orbit, t)!;
    const normal = normalize(cross(state.positionKm, state.velocityKmS));
    const beta = Math.asin(dot(normal, sunDirection(t)));
    const radius = norm(state.positionKm);
    const h = radius - 6378.137;
    const expected = Math.acos(Math.sqrt(h * h + 2 * 6378.137 * h) / (radius * Math.cos(beta))) / Math.PI;
    expect(share).toBeGreaterThan(0.15);
    expect(Math.abs(share - expected)).toBeLessThan(0.01);
    expect(transitions).toBe(2);
    // Penumbra lasts seconds, not minutes, at LEO.
    expect(penumbra * stepMs).toBeLessThan(60_000);
  });
});

describe('ground track', () => {
  it('stays within the inclination at orbit altitude, sample by sample', () => {
    const spacecraft = DICTIONARY.spacecraft.find((s) => s.id === 'kazeosat-1')!;
    const track = groundTrack(orbitOf(spacecraft), t0(), t0() + 3 * 3600_000, 60_000);
    expect(track).toHaveLength(181);
    expect(track[60]).toEqual({
      timeMs: t0() + 3_600_000,
      ...subSatellitePoint(orbitOf(spacecraft), t0() + 3_600_000),
    });
    for (const point of track) {
      expect(Math.abs(point.latDeg)).toBeLessThanOrEqual(180 - 98.3216 + 0.2);
      expect(point.altKm).toBeGreaterThan(700);
      expect(point.altKm).toBeLessThan(800);
    }
  });
});

function t0() {
  return utc('2026-11-25T00:00:00Z');
}
