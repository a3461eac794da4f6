// What a node is built on, chosen from its configuration: the PostgreSQL archive when DATABASE_URL is set
// (several nodes can share it), else the SQLite file; Redis peers when REDIS_URL is set.
import os from 'node:os';
import path from 'node:path';
import type { FrameDecoder } from '../../shared/codec';
import type { Dictionary } from '../../shared/dictionary';
import type { Config } from '../config';
import { createPostgresStore } from '../archive/postgres/store';
import { createSqliteStore } from '../archive/sqlite/store';
import { ARCHIVE_DB_FILE } from '../sqlite/files';
import type { Store } from '../archive/types';
import { connectCluster, type ClusterConnection } from './redis';

/**
 * The archive, reading its frames with the running mission's dictionary and XTCE decoder. `ingests`: false for
 * a tool that may run beside the server (see SqliteStoreOptions.ingests).
 */
export async function openArchive(
  config: Config,
  mission: { dictionary: Dictionary; decoder: FrameDecoder },
  ingests = true,
): Promise<Store> {
  const { dictionary, decoder } = mission;
  if (config.databaseUrl)
    return createPostgresStore({ connectionString: config.databaseUrl, dictionary, decoder });
  const file = path.join(config.dataDir, ARCHIVE_DB_FILE);
  return createSqliteStore({ file, dictionary, decoder, ingests });
}

export async function connectPeers(config: Config): Promise<ClusterConnection | undefined> {
  if (!config.redisUrl) return undefined;
  if (!config.databaseUrl) {
    // Peers on separate SQLite files would each de-duplicate alone: the same packet stored once per node.
    throw new Error('REDIS_URL needs DATABASE_URL: nodes must share one PostgreSQL archive');
  }
  return connectCluster({
    url: config.redisUrl,
    key: config.clusterKey,
    nodeId: `${os.hostname()}:${process.pid}`,
  });
}
