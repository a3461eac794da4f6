import type { AddressInfo } from 'node:net';
import { createApp, type AppOptions, type OrtaqApp } from '../../server/app';
import { DICTIONARY } from '../../shared/dictionary';

export interface RunningServer {
  app: OrtaqApp;
  url: string;
  stop(): Promise<void>;
}

/** Builds the app as server/index.ts does and listens on an ephemeral loopback port. */
export async function startServer(options: Partial<AppOptions> = {}): Promise<RunningServer> {
  const app = createApp({ dictionary: DICTIONARY, ...options });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = app.httpServer.address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, stop: () => app.close() };
}
