// Builds the dashboard for the end-to-end tests when dist/client is missing or older than its sources, so
// the tests always drive the code under test (the server serves dist/client as in production).
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';

const root = path.resolve(import.meta.dirname, '../..');
const SOURCES = ['client', 'shared', 'vite.config.ts', 'package.json'];

function newestMtime(entry: string): number {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

export default async function setup(): Promise<void> {
  const built = path.join(root, 'dist', 'client', 'index.html');
  const sourcesMs = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= sourcesMs) return;
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}
