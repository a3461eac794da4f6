// Both archives opened on a mission other than the shipped one (its dictionary and the decoder its frames
// are read with), for tests that must hold on SQLite and on PostgreSQL where it is reachable.
import type { FrameDecoder } from '../../shared/codec';
import type { Dictionary } from '../../shared/dictionary';
import { createPostgresStore } from '../../server/archive/postgres/store';
import { createSqliteStore } from '../../server/archive/sqlite/store';
import type { Store } from '../../server/archive/types';
import { dropSchema, POSTGRES_URL, uniqueSchema } from './stores';

export interface MissionArchive {
  name: string;
  open(): Promise<{ store: Store; dispose(): Promise<void> }>;
}

export function missionArchives(dictionary: Dictionary, decoder: FrameDecoder): MissionArchive[] {
  const archives: MissionArchive[] = [
    {
      name: 'SQLite',
      open: () =>
        Promise.resolve({
          store: createSqliteStore({ file: ':memory:', dictionary, decoder }),
          dispose: () => Promise.resolve(),
        }),
    },
  ];
  const url = POSTGRES_URL;
  if (url) {
    archives.push({
      name: 'PostgreSQL',
      open: async () => {
        const schema = `mission_${uniqueSchema()}`;
        const store = await createPostgresStore({
          connectionString: url,
          schema,
          maxConnections: 2,
          dictionary,
          decoder,
        });
        return { store, dispose: () => dropSchema(url, schema) };
      },
    });
  }
  return archives;
}
