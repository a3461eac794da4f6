// Rooms depend one way. A folder-level import cycle (type-only imports included) means two rooms can only
// be understood, tested and changed together; this test names the first such cycle and the files that
// make it, so it can be broken where it started (move the type down, or let the consumer declare the
// interface it needs).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { buildImportGraph, describeCycle, importCycles, unitOf } from '../helpers/importGraph';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('folder-level imports of server, client and shared', () => {
  it('form no cycle', () => {
    const graph = buildImportGraph(ROOT);
    const cycles = importCycles(graph).map((component) => describeCycle(graph, component));
    expect(cycles, cycles.join('\n\n')).toEqual([]);
  });

  it('are read from the real tree (the graph is not empty)', () => {
    const graph = buildImportGraph(ROOT);
    expect(graph.get('server/app.ts')?.has('server/ingest')).toBe(true);
    expect(graph.get('client/views/Fleet')?.size).toBeGreaterThan(0);
  });
});

describe('the import graph', () => {
  let dir: string | null = null;
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  function tree(files: Record<string, string>): string {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-graph-'));
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    return dir;
  }

  it('finds a cycle made of type-only imports, dynamic imports and re-exports, and names its files', () => {
    const root = tree({
      'server/state/a.ts': "import type { B } from '../live/b';\nexport type A = B;\n",
      'server/live/b.ts': "export * from '../ingest/c';\nexport type B = number;\n",
      'server/ingest/c.ts': "export const c = () => import('../state/a');\n",
      'server/app.ts': "import './state/a';\n",
    });
    const graph = buildImportGraph(root);
    const cycles = importCycles(graph);
    expect(cycles).toEqual([['server/ingest', 'server/live', 'server/state']]);
    const text = describeCycle(graph, cycles[0]!);
    expect(text).toContain('server/state/a.ts → server/live/b.ts');
    expect(text).toContain('server/ingest/c.ts → server/state/a.ts');
  });

  it('counts a root file as its own unit and each view as its own room', () => {
    expect(unitOf('server/config.ts')).toBe('server/config.ts');
    expect(unitOf('server/archive/sqlite/store.ts')).toBe('server/archive');
    expect(unitOf('client/views/Fleet/FleetCard.tsx')).toBe('client/views/Fleet');
    const root = tree({
      'client/views/Fleet/FleetCard.tsx': "import { X } from '../Access/Access';\nexport const Y = X;\n",
      'client/views/Access/Access.tsx':
        "import { Y } from '../Fleet/FleetCard';\nexport const X = 1; void Y;\n",
      'server/config.ts': "import { s } from './sim/clock';\nexport const c = s;\n",
      'server/sim/clock.ts': "export { c } from '../config';\nexport const s = 1;\n",
    });
    expect(importCycles(buildImportGraph(root))).toEqual([
      ['client/views/Access', 'client/views/Fleet'],
      ['server/config.ts', 'server/sim'],
    ]);
  });
});
