// The real server started on a mission folder, as an operator starts it with ORTAQ_MISSION, signed in as its
// first admin, and when to start its simulator so that a spacecraft is over a station.
import fs from 'node:fs';
import path from 'node:path';
import type { Dictionary } from '../../shared/dictionary';
import { predictPasses } from '../../shared/orbit';
import { login, openAgreement, tempDir, type Session } from './auth';
import { freePort, spawnServer, type ServerChild } from './serverChild';

export interface MissionServer {
  server: ServerChild;
  admin: Session;
  /** The server's throw-away data folder, removed by stop(). */
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts the server with `env` (ORTAQ_MISSION and the simulator's settings) in a data folder named after
 * `prefix`. `sharedFleet` is the loaded mission whose every spacecraft every partner may see: the default
 * agreement names only Ortaq's own fleet.
 */
export async function startMissionServer(
  prefix: string,
  env: Record<string, string>,
  sharedFleet?: Dictionary,
): Promise<MissionServer> {
  const dataDir = tempDir(`ortaq-${prefix}-`);
  const agreement: Record<string, string> = {};
  if (sharedFleet) {
    agreement.ORTAQ_AGREEMENT = path.join(dataDir, `${prefix}-agreement.json`);
    fs.writeFileSync(agreement.ORTAQ_AGREEMENT, JSON.stringify(openAgreement(sharedFleet)));
  }
  const server = await spawnServer(dataDir, await freePort(), { ...agreement, ...env });
  const stop = async () => {
    if (server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    return { server, admin: await login(server.url, 'admin'), dataDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** `intoPassMs` into the first pass of a spacecraft over a station after `fromMs` (searching two days). */
export function insidePass(
  dictionary: Dictionary,
  spacecraftId: string,
  stationId: string,
  fromMs: number,
  intoPassMs: number,
): number {
  const spacecraft = dictionary.spacecraft.find((s) => s.id === spacecraftId)!;
  const station = dictionary.stations.find((s) => s.id === stationId)!;
  const [pass] = predictPasses(spacecraft, station, fromMs, fromMs + 2 * 86_400_000);
  if (!pass) throw new Error(`${spacecraftId} never passes over ${stationId} in two days`);
  return pass.aosMs + intoPassMs;
}
