// Entry point: reads the configuration, builds the app and listens.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DICTIONARY } from '../shared/dictionary';
import { createApp } from './app';
import { connectPeers, openArchive } from './cluster/deployment';
import { readConfig } from './config';
import { tokenAuthenticator } from './ingest/stationAuth';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const config = readConfig();
fs.mkdirSync(config.dataDir, { recursive: true });

const ortaq = await createApp({
  dictionary: DICTIONARY,
  store: await openArchive(config),
  cluster: await connectPeers(config),
  stationAuth: tokenAuthenticator(config.stationTokens),
  thresholds: config.thresholds,
  retentionMs: config.retentionMs,
  clientDir: path.join(root, 'dist', 'client'),
});

ortaq.httpServer.listen(config.port, config.host, () => {
  // The port actually bound (PORT=0 picks a free one).
  const { port } = ortaq.httpServer.address() as AddressInfo;
  console.log(`Ortaq dashboard: http://${config.host}:${port}/`);
});

const shutdown = (signal: string) => {
  console.log(`${signal}: shutting down`);
  void ortaq.close().then(() => process.exit(0));
};
process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));
