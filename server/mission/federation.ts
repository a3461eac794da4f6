// The federation mission folder (mission/federation-100), generated from the shipped mission: its
// mission.yaml (federationFleet.ts) and a copy of every XTCE file the shipped spacecraft name, since a
// mission folder reads nothing outside itself. `npm run mission -- generate-federation` writes it; a test
// regenerates it and compares byte for byte, so the committed folder is always what the generator gives.
import fs from 'node:fs';
import path from 'node:path';
import { MISSION_FILE } from '../../shared/mission/loader';
import { requireMission, SHIPPED_MISSION_DIR } from './folder';
import { federationOf, FEDERATION_SPACECRAFT } from './federationFleet';
import { missionYaml } from './missionYaml';

export const FEDERATION_DIR = path.join(SHIPPED_MISSION_DIR, 'federation-100');

const HEADER = [
  `The federation: Ortaq's fleet grown to ${FEDERATION_SPACECRAFT} spacecraft and 30 ground stations, the notional`,
  'spacecraft in sun-synchronous and inclined orbits. Generated from ../mission.yaml by',
  '  npm run mission -- generate-federation',
  'Do not edit: change the generator (server/mission/federationFleet.ts) and run it again.',
  'Format: docs/mission.md. Run it: ORTAQ_MISSION=mission/federation-100 npm start',
];

/** The files of the federation folder, by name, as the generator writes them. */
export function federationFiles(shippedDir = SHIPPED_MISSION_DIR): Map<string, Buffer> {
  const shipped = requireMission(shippedDir).mission!;
  const files = new Map<string, Buffer>();
  files.set(MISSION_FILE, Buffer.from(missionYaml(federationOf(shipped), HEADER)));
  for (const xtce of new Set(shipped.spacecraft.map((s) => s.xtce))) {
    files.set(xtce, fs.readFileSync(path.join(shippedDir, xtce)));
  }
  return files;
}

/** Writes the federation folder; returns the paths written. */
export function writeFederation(dir = FEDERATION_DIR, shippedDir = SHIPPED_MISSION_DIR): string[] {
  const written: string[] = [];
  for (const [name, bytes] of federationFiles(shippedDir)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
    written.push(file);
  }
  return written;
}
