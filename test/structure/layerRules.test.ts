// The layer rules of eslint.layers.js really fire: offending snippets are linted through ESLint's Node API
// with the project's own config, as `npm run lint` would lint a file at that path, and an allowed import
// beside each shows the rule is no blanket ban.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Loading the config and the TypeScript parser takes seconds on a loaded machine.
const TIMEOUT_MS = 60_000;

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
}, TIMEOUT_MS);

/** The layer-rule messages for `code` linted as the file at `file` (relative to the repository). */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => `${m.line}: ${m.message}`);
}

describe('layer rules in npm run lint', () => {
  it(
    'keep shared/ free of server and client, type-only imports and re-exports included',
    async () => {
      const errors = await layerErrors(
        'shared/protocol/offending.ts',
        [
          "import type { Store } from '../../server/archive/types';",
          "export { formatValue } from '../../client/lib/format';",
          "import { z } from 'zod';",
          "import type { Alarm } from './api';",
          'export type Both = [Store, Alarm, typeof z];',
          '',
        ].join('\n'),
      );
      expect(errors).toEqual([
        expect.stringMatching(/^1: .*shared\/ is what server and client have in common/),
        expect.stringMatching(/^2: .*shared\/ is what server and client have in common/),
      ]);
    },
    TIMEOUT_MS,
  );

  it(
    'keep the archive from importing ingest or live, and let it use the rooms below',
    async () => {
      const errors = await layerErrors(
        'server/archive/sqlite/offending.ts',
        [
          "import type { LiveFeed } from '../../live/feed';",
          "import { GroupCommitter } from '../../ingest/groupCommit';",
          "import type { Migration } from '../../postgres/migrations';",
          "import type { FrameRecord } from '../types';",
          'export type All = [LiveFeed, GroupCommitter, Migration, FrameRecord];',
          '',
        ].join('\n'),
      );
      expect(errors).toEqual([
        expect.stringMatching(/^1: .*server\/archive imports neither server\/ingest nor server\/live/),
        expect.stringMatching(/^2: .*server\/archive imports neither server\/ingest nor server\/live/),
      ]);
      // Other rooms may import ingest and live.
      expect(
        await layerErrors(
          'server/cluster/offending.ts',
          "import type { LiveFeed } from '../live/feed';\nexport type F = LiveFeed;\n",
        ),
      ).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'keep views from importing each other, and let them use components and their own files',
    async () => {
      const errors = await layerErrors(
        'client/views/Fleet/Offending.tsx',
        [
          "import { SpacecraftView } from '../Spacecraft/SpacecraftView';",
          "import { FleetCard } from './FleetCard';",
          "import { FleetView } from '../Fleet/FleetView';",
          "import { useT } from '../../i18n';",
          'export const all = [SpacecraftView, FleetCard, FleetView, useT];',
          '',
        ].join('\n'),
      );
      expect(errors).toEqual([expect.stringMatching(/^1: .*client\/views\/Fleet imports no other view/)]);
    },
    TIMEOUT_MS,
  );

  it(
    'keep server and client apart (they meet in shared/)',
    async () => {
      expect(
        await layerErrors(
          'client/store/offending.ts',
          "import type { Store } from '../../server/archive/types';\nexport type S = Store;\n",
        ),
      ).toEqual([expect.stringMatching(/^1: .*client\/ imports nothing of server\//)]);
      expect(
        await layerErrors(
          'server/archive/offending.ts',
          "import type { Slice } from '../../client/store';\nexport type S = Slice;\n",
        ),
      ).toEqual([expect.stringMatching(/^1: .*server\/ imports nothing of client\//)]);
    },
    TIMEOUT_MS,
  );
});
