// The federation mission's fleet: the shipped spacecraft, then notional ones up to 100 in sun-synchronous
// and inclined orbits, and 30 ground stations across the five partners and four leased sites abroad. Pure
// and seeded: the same shipped mission always gives the same federation, byte for byte.
import type { MissionFile, MissionSpacecraft } from '../../shared/mission/missionFile';
import { sunAngles } from '../../shared/orbit';
import { seededRandom, type Random } from '../../shared/random';
import { revsPerDayAt, sunSynchronousInclinationDeg, tleLinesOf } from './tleLines';

export const FEDERATION_SPACECRAFT = 100;
export const FEDERATION_SEED = 2026;
/** Notional element sets are dated in the week before 1 November 2026 (day 305). */
const EPOCH_YEAR = 26;
const FIRST_EPOCH_DAY = 298;

type Station = MissionFile['stations'][number];

const S_BAND = 2_000_000;
const station = (
  id: string,
  name: string,
  partner: string,
  lat: number,
  lon: number,
  altM: number,
  band: Station['band'],
  minElevationDeg = band === 'S' ? 10 : 5,
  maxDownlinkBps = band === 'S' ? S_BAND : 150_000_000,
): Station => ({ id, name, partner, lat, lon, altM, minElevationDeg, band, maxDownlinkBps });

/** Stations beyond the shipped six: partner sites, then leased antennas abroad that see polar passes. */
export const FEDERATION_STATIONS: readonly Station[] = [
  station('baikonur', 'Baikonur', 'KZ', 45.92, 63.34, 100, 'S/X', 5, 320_000_000),
  station('aktobe', 'Aktobe', 'KZ', 50.28, 57.17, 220, 'S/X'),
  station('karaganda', 'Karaganda', 'KZ', 49.8, 73.1, 550, 'X', 5, 160_000_000),
  station('pavlodar', 'Pavlodar', 'KZ', 52.29, 76.95, 130, 'S'),
  station('aktau', 'Aktau', 'KZ', 43.65, 51.2, 10, 'S'),
  station('shymkent', 'Shymkent', 'KZ', 42.32, 69.6, 500, 'S/X'),
  station('istanbul', 'Istanbul', 'TR', 41.1, 29.0, 100, 'S/X', 5, 320_000_000),
  station('izmir', 'Izmir', 'TR', 38.42, 27.14, 50, 'S'),
  station('diyarbakir', 'Diyarbakır', 'TR', 37.91, 40.23, 650, 'S/X'),
  station('erzurum', 'Erzurum', 'TR', 39.9, 41.27, 1850, 'X', 7, 160_000_000),
  station('antalya', 'Antalya', 'TR', 36.9, 30.7, 50, 'S'),
  station('trabzon', 'Trabzon', 'TR', 41.0, 39.72, 100, 'S'),
  station('ganja', 'Ganja', 'AZ', 40.68, 46.36, 400, 'S'),
  station('lankaran', 'Lankaran', 'AZ', 38.75, 48.85, 10, 'S/X'),
  station('nakhchivan', 'Nakhchivan', 'AZ', 39.21, 45.41, 900, 'S'),
  station('samarkand', 'Samarkand', 'UZ', 39.65, 66.96, 700, 'S/X'),
  station('nukus', 'Nukus', 'UZ', 42.46, 59.6, 75, 'S'),
  station('fergana', 'Fergana', 'UZ', 40.38, 71.78, 580, 'S'),
  station('osh', 'Osh', 'KG', 40.53, 72.8, 1000, 'S'),
  station('karakol', 'Karakol', 'KG', 42.49, 78.39, 1700, 'S/X', 7),
  station('svalbard', 'Svalbard (leased)', 'TR', 78.23, 15.39, 500, 'S/X', 5, 320_000_000),
  station('inuvik', 'Inuvik (leased)', 'KZ', 68.36, -133.72, 100, 'S/X'),
  station('hartebeesthoek', 'Hartebeesthoek (leased)', 'UZ', -25.89, 27.69, 1500, 'S/X'),
  station('punta-arenas', 'Punta Arenas (leased)', 'AZ', -53.15, -70.9, 50, 'S/X'),
];

/** The partners take turns at operating a notional spacecraft, each numbering them from its SCID block. */
const OPERATORS: readonly { partner: string; scidBase: number }[] = [
  { partner: 'KZ', scidBase: 110 },
  { partner: 'TR', scidBase: 210 },
  { partner: 'AZ', scidBase: 410 },
  { partner: 'UZ', scidBase: 310 },
  { partner: 'KG', scidBase: 510 },
];

/** Local time of the ascending node of sun-synchronous planes, hours: morning, afternoon, dawn–dusk. */
const LTAN_HOURS = [10.5, 13.5, 6, 22.5, 9.5, 18, 11, 14.5] as const;
const INCLINED_DEG = [45, 51.6, 53, 60, 65, 70, 74, 82] as const;

/** Three in four notional spacecraft image from sun-synchronous orbits; the others fly inclined ones. */
const isSunSynchronous = (n: number) => n % 4 !== 3;

const SIMULATOR_CLASSES: readonly MissionSpacecraft['simulator'][] = [
  { imagingBytesPerS: 5_000_000, storageBytes: 64_000_000_000, batteryWh: 150 },
  { imagingBytesPerS: 10_000_000, storageBytes: 128_000_000_000, batteryWh: 600 },
  { imagingBytesPerS: 20_000_000, storageBytes: 256_000_000_000, batteryWh: 900 },
  { imagingBytesPerS: 40_000_000, storageBytes: 512_000_000_000, batteryWh: 1200 },
];

/** Every third notional spacecraft flies the TAI-dated, 892-octet link of Ortaq-1; the others the default. */
const ORTAQ_1_LINK: NonNullable<MissionSpacecraft['link']> = {
  frameBytes: 892,
  fecf: true,
  frameSecondaryHeaderBytes: 0,
  virtualChannels: [
    { vcid: 0, role: 'realtime', ocf: true },
    { vcid: 2, role: 'playback', ocf: true },
    { vcid: 7, role: 'idle', ocf: false },
  ],
  packetTime: { epoch: 'tai1958', coarseOctets: 4, fineOctets: 3 },
  maxPacketBytes: 8192,
};

const round = (value: number, decimals: number) => Number(value.toFixed(decimals));
const between = (random: Random, low: number, high: number) => low + random.next() * (high - low);

function notional(n: number, random: Random, counters: Map<string, number>): MissionSpacecraft {
  const { partner, scidBase } = OPERATORS[n % OPERATORS.length]!;
  const serial = (counters.get(partner) ?? 0) + 1;
  counters.set(partner, serial);
  const epochDay = FIRST_EPOCH_DAY + round(between(random, 0, 7), 8);
  let altitudeKm: number;
  let inclinationDeg: number;
  let raanDeg: number;
  if (isSunSynchronous(n)) {
    altitudeKm = between(random, 480, 800);
    inclinationDeg = sunSynchronousInclinationDeg(altitudeKm);
    // The plane's ascending node sits at the chosen local time: the Sun's right ascension plus its hour angle.
    const epochMs = Date.UTC(2000 + EPOCH_YEAR, 0, 1) + (epochDay - 1) * 86_400_000;
    const ltan = LTAN_HOURS[Math.floor(n / 4) % LTAN_HOURS.length]!;
    raanDeg = (sunAngles(epochMs).rightAscensionDeg + (ltan - 12) * 15 + between(random, -4, 4) + 720) % 360;
  } else {
    altitudeKm = between(random, 450, 1100);
    inclinationDeg = INCLINED_DEG[Math.floor(n / 4) % INCLINED_DEG.length]!;
    raanDeg = between(random, 0, 360);
  }
  const noradId = 99_902 + n;
  const tle = tleLinesOf({
    noradId,
    designator: `26${String(901 + Math.floor(n / 6)).padStart(3, '0')}${String.fromCharCode(65 + (n % 6))}`,
    epochYear: EPOCH_YEAR,
    epochDay,
    inclinationDeg: round(inclinationDeg, 4),
    raanDeg: round(raanDeg, 4),
    eccentricity: round(between(random, 0.0001, 0.0016), 7),
    argPerigeeDeg: round(between(random, 0, 360), 4),
    meanAnomalyDeg: round(between(random, 0, 360), 4),
    revsPerDay: round(revsPerDayAt(altitudeKm), 8),
    meanMotionDot: round(between(random, 0.0000002, 0.000004), 8),
    bstar: round(between(random, 0.00001, 0.0002), 9),
    revolution: 100 + Math.floor(random.next() * 9000),
  });
  const code = `${partner.toLowerCase()}-${String(serial).padStart(2, '0')}`;
  return {
    id: `ortaq-${code}`,
    name: `Ortaq ${partner}-${String(serial).padStart(2, '0')}`,
    partner,
    noradId,
    scid: scidBase + serial,
    notional: true,
    tle: [tle[0], tle[1]],
    xtce: 'ortaq.xml',
    packetContainer: '/Ortaq/CCSDSPacket',
    ...(n % 3 === 2 ? { link: ORTAQ_1_LINK } : {}),
    simulator: SIMULATOR_CLASSES[Math.floor(random.next() * SIMULATOR_CLASSES.length)]!,
  };
}

/** The federation: the shipped mission's partners, stations and spacecraft, grown to 100 and 30. */
export function federationOf(shipped: MissionFile): MissionFile {
  const random = seededRandom(FEDERATION_SEED);
  const counters = new Map<string, number>();
  const extra = FEDERATION_SPACECRAFT - shipped.spacecraft.length;
  return {
    partners: shipped.partners,
    stations: [...shipped.stations, ...FEDERATION_STATIONS],
    spacecraft: [
      ...shipped.spacecraft,
      ...Array.from({ length: Math.max(0, extra) }, (_, n) => notional(n, random, counters)),
    ],
  };
}
