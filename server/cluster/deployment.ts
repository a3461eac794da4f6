// What a node is built on, chosen from its configuration: the PostgreSQL archive when DATABASE_URL is set
// (several nodes can share it), else the SQLite file; Redis peers when REDIS_URL is set.
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config';
import { createPostgresStore } from '../archive/postgres/store';
import { createSqliteStore } from '../archive/sqlite/store';
import { ARCHIVE_DB_FILE } from '../sqlite/files';
import type { Store } from '../archive/types';
import { connectCluster, type ClusterConnection } from './redis';

export async function openArchive(config: Config): Promise<Store> {
  if (config.databaseUrl) return createPostgresStore({ connectionString: config.databaseUrl });
  return createSqliteStore({ file: path.join(config.dataDir, ARCHIVE_DB_FILE) });
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
