// The paths a sample takes to a dashboard — live processing, the catch-up after a reconnect and the restore at
// start — around one real server on an in-memory archive, for the tests that feed the same frames once and
// compare what each path gives (rule 13: one judgement of a sample, whatever the path).
import { afterEach, beforeEach } from 'vitest';
import { indexDictionary } from '../../shared/dictionary';
import type { FrameDecoder } from '../../shared/codec';
import type { LiveAck, LiveSample } from '../../shared/protocol/live';
import { createSqliteStore } from '../../server/archive/sqlite/store';
import type { Store } from '../../server/archive/types';
import { tokenAuthenticator } from '../../server/ingest/stationAuth';
import { AlarmBook } from '../../server/limits/alarms';
import { LimitOverrides } from '../../server/limits/overrides';
import type { RunnableMission } from '../../server/mission/folder';
import { DICTIONARY } from '../../server/mission/shipped';
import { CurrentValues } from '../../server/state/currentValues';
import { restoreState } from '../../server/state/restore';
import { StationStatsBook } from '../../server/state/stationStats';
import { connectLive, createMemoryAuth, openAgreement, type LiveTestSocket } from './auth';
import { ManualClock } from './clock';
import { startServer, type RunningServer } from './server';
import { connectStation, type StationSocket } from './stations';

export interface SamplePathsOptions {
  /** The server's clock starts here. */
  startMs: number;
  /** A mission other than the shipped one, with the decoder its frames are read with. */
  mission?: { loaded: RunnableMission; decoder: FrameDecoder };
  /** The station the frames come from, with its token. */
  station: { id: string; secret: string };
}

/**
 * Registers beforeEach/afterEach for a fresh server, archive and station per test; the returned object gives
 * the current ones and the three paths.
 */
export function samplePaths(options: SamplePathsOptions) {
  const dictionaryOptions = options.mission && {
    dictionary: options.mission.loaded.dictionary,
    links: options.mission.loaded.links,
    decoder: options.mission.decoder,
  };
  const index = indexDictionary(options.mission?.loaded.dictionary ?? DICTIONARY);
  const sockets: LiveTestSocket[] = [];
  const paths = {
    clock: undefined as unknown as ManualClock,
    store: undefined as unknown as Store,
    server: undefined as unknown as RunningServer,
    station: undefined as unknown as StationSocket,

    /** A dashboard subscribed to `spacecraft`: its catch-up reply from `sinceMs` and the updates after it. */
    async subscribe(spacecraft: string[], sinceMs?: number) {
      const socket = await connectLive(paths.server.url);
      sockets.push(socket);
      const updates: LiveSample[] = [];
      socket.on('update', (u) => updates.push(...(u.samples ?? [])));
      const ack: LiveAck = await socket.timeout(5000).emitWithAck('subscribe', {
        fleet: false,
        spacecraft,
        ...(sinceMs !== undefined && { sinceMs }),
      });
      if (!('data' in ack)) throw new Error(ack.error);
      return { reply: ack.data.samples ?? [], updates };
    },

    /** The current values a server starting on this archive would show. */
    async restore(): Promise<CurrentValues> {
      const restored = new CurrentValues();
      await restoreState({
        archive: paths.store,
        index,
        clock: paths.clock,
        current: restored,
        alarms: new AlarmBook(() => 'id'),
        stations: new StationStatsBook(),
        limits: new LimitOverrides(),
      });
      return restored;
    },
  };

  beforeEach(async () => {
    paths.clock = new ManualClock(options.startMs);
    paths.store = createSqliteStore({
      file: ':memory:',
      ...(dictionaryOptions && {
        dictionary: dictionaryOptions.dictionary,
        decoder: dictionaryOptions.decoder,
      }),
    });
    // The store is closed by the server; restore reads it before that.
    paths.server = await startServer({
      clock: paths.clock,
      store: paths.store,
      liveIntervalMs: 20,
      ...(dictionaryOptions && {
        ...dictionaryOptions,
        auth: createMemoryAuth(openAgreement(dictionaryOptions.dictionary), dictionaryOptions.dictionary),
        stationAuth: tokenAuthenticator(new Map([[options.station.id, options.station.secret]])),
      }),
    });
    paths.station = await connectStation(paths.server.url, options.station.id, options.station.secret);
  });

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    paths.station.close();
    await paths.server.stop();
  });

  return paths;
}
