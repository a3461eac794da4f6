// The server without the simulator on a fixed port and a data folder that outlives it, so a test can kill it
// (SIGKILL or SIGTERM) and start it again on the same archive.
import { spawnServer, type ServerChild } from '../helpers/serverChild';

export { freePort } from '../helpers/serverChild';
export type ServerProcess = ServerChild;

export const STATION_TOKENS = { astana: 'astana-crash-token', ankara: 'ankara-crash-token' };

export function startServerProcess(
  dataDir: string,
  port: number,
  preload: string[] = [],
): Promise<ServerProcess> {
  return spawnServer(
    dataDir,
    port,
    {
      ORTAQ_SIM: 'off',
      ORTAQ_STATION_TOKENS: Object.entries(STATION_TOKENS)
        .map(([id, token]) => `${id}:${token}`)
        .join(','),
    },
    preload,
  );
}
