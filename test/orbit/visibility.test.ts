import { describe, expect, it } from 'vitest';
import { geodeticToEcf } from 'satellite.js';
import { DICTIONARY } from '../../server/mission/shipped';
import {
  footprintAngleDeg,
  footprintRadiusKm,
  lookAnglesEcf,
  parseTle,
  parseTleFile,
  stationSite,
  visibilityCircle,
} from '../../shared/orbit';

describe('visibility circle', () => {
  it('has the textbook footprint for 600 km and a 5° mask', () => {
    // acos(R cos 5° / (R + 600)) − 5° = 19.4°
    expect(footprintAngleDeg(600, 5)).toBeCloseTo(19.4, 1);
    expect(footprintRadiusKm(600, 5)).toBeGreaterThan(2150);
    expect(footprintRadiusKm(600, 5)).toBeLessThan(2170);
    expect(footprintAngleDeg(600, 10)).toBeLessThan(footprintAngleDeg(600, 5));
  });

  it('puts a spacecraft above any point of the ring at the station mask', () => {
    for (const station of DICTIONARY.stations) {
      const site = stationSite(station);
      const ring = visibilityCircle(station, 650, 36);
      expect(ring).toHaveLength(37);
      expect(ring[0]).toEqual(ring[36]);
      for (const point of ring) {
        const satellite = geodeticToEcf({
          latitude: (point.latDeg * Math.PI) / 180,
          longitude: (point.lonDeg * Math.PI) / 180,
          height: 650,
        });
        // The ring is drawn on a sphere; the station frame is WGS-84: a few tenths of a degree apart.
        expect(Math.abs(lookAnglesEcf(site, satellite).elevationDeg - station.minElevationDeg)).toBeLessThan(
          0.6,
        );
      }
    }
  });
});

describe('TLE parsing', () => {
  const [line1, line2] = DICTIONARY.spacecraft[0]!.tle;

  it('reads a three-line file and reports sets it cannot read', () => {
    const broken = line2.slice(0, 68) + ((Number(line2[68]) + 1) % 10);
    const { sets, errors } = parseTleFile(`KAZEOSAT 1\n${line1}\n${line2}\nBROKEN\n${line1}\n${broken}\n`);
    expect(sets).toEqual([{ name: 'KAZEOSAT 1', noradId: 39731, tle: [line1, line2] }]);
    expect(errors).toEqual(['BROKEN: line 2: checksum mismatch']);
  });

  it('rejects lines of the wrong length or of different objects', () => {
    expect(parseTle([line1.slice(0, 60), line2])).toMatchObject({ ok: false });
    const other = DICTIONARY.spacecraft[1]!.tle[1];
    expect(parseTle([line1, other])).toEqual({ ok: false, error: 'lines of different objects' });
  });
});
