import type { SpacecraftDef } from './types';

// Two-line elements: CelesTrak "resource" group, epochs 2026-04-24 (İMECE 2026-09-10). Operators replace them
// with today's elements at run time (simulator --tle FILE). SCIDs are Ortaq's own assignments (10 bits).
// Storage, imaging rate and battery size are round figures for satellites of each class, not published specs.
export const SPACECRAFT: SpacecraftDef[] = [
  {
    id: 'kazeosat-1',
    name: 'KazEOSat-1',
    partner: 'KZ',
    noradId: 39731,
    scid: 101,
    tle: [
      '1 39731U 14024A   26114.24818600  .00000094  00000+0  41638-4 0  9995',
      '2 39731  98.3216 188.0314 0001389  99.5008 260.6339 14.42057663630782',
    ],
    imagingBytesPerS: 40_000_000,
    storageBytes: 1_000_000_000_000,
    batteryWh: 2_400,
  },
  {
    id: 'kazeosat-2',
    name: 'KazEOSat-2',
    partner: 'KZ',
    noradId: 40010,
    scid: 102,
    tle: [
      '1 40010U 14033A   26114.27322035  .00000575  00000+0  72581-4 0  9997',
      '2 40010  97.5453 316.7232 0009648 129.5495 230.6575 14.85405179640952',
    ],
    imagingBytesPerS: 20_000_000,
    storageBytes: 256_000_000_000,
    batteryWh: 900,
  },
  {
    id: 'gokturk-2',
    name: 'Göktürk-2',
    partner: 'TR',
    noradId: 39030,
    scid: 201,
    tle: [
      '1 39030U 12073A   26114.30406176 -.00000032  00000+0  22226-5 0  9993',
      '2 39030  97.6859 314.4273 0001857 103.8744 256.2673 14.75486632716565',
    ],
    imagingBytesPerS: 20_000_000,
    storageBytes: 256_000_000_000,
    batteryWh: 1_000,
  },
  {
    id: 'gokturk-1a',
    name: 'Göktürk-1A',
    partner: 'TR',
    noradId: 41875,
    scid: 202,
    tle: [
      '1 41875U 16073A   26114.27519289  .00000267  00000+0  61437-4 0  9998',
      '2 41875  98.1299   9.7781 0001419  81.0460 279.0903 14.62791497500949',
    ],
    imagingBytesPerS: 40_000_000,
    storageBytes: 1_000_000_000_000,
    batteryWh: 2_400,
  },
  {
    id: 'imece',
    name: 'İMECE',
    partner: 'TR',
    noradId: 56178,
    scid: 203,
    tle: [
      '1 56178U 23054A   26253.95656659  .00000198  00000+0  45090-4 0  9999',
      '2 56178  98.1119 157.7813 0008254 259.0846 100.9429 14.65894309182974',
    ],
    imagingBytesPerS: 40_000_000,
    storageBytes: 512_000_000_000,
    batteryWh: 1_200,
  },
  {
    // Notional joint mission of the partner states: elements of a typical 97.8°, ~600 km sun-synchronous
    // orbit (14.89 rev/day), not a real object. Operated from Tashkent on behalf of all partners.
    id: 'ortaq-1',
    name: 'Ortaq-1 (notional)',
    partner: 'UZ',
    noradId: 99901,
    scid: 301,
    notional: true,
    tle: [
      '1 99901U 26900A   26300.50000000  .00000100  00000+0  10000-4 0  9996',
      '2 99901  97.7800  30.0000 0001200  90.0000 270.0000 14.89000000    18',
    ],
    imagingBytesPerS: 10_000_000,
    storageBytes: 128_000_000_000,
    batteryWh: 600,
  },
];
