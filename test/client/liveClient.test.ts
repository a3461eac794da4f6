// The dashboard's /live client against the real server: snapshot, live samples, and after a dropped
// connection a resubscription with sinceMs that fills the gap (no silent hole in the live window).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLiveClient, type LiveClient } from '../../client/api/live';
import { ortaqStore, resetStore } from '../../client/store';
import { APID } from '../../shared/dictionary';
import { startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendFrame, type StationSocket } from '../helpers/stations';

const state = () => ortaqStore.getState();
const voltageTimes = () =>
  state()
    .samples.points('kazeosat-1', 'eps.batt_voltage')
    .map((p) => p.t);

describe('live client', () => {
  let server: RunningServer;
  let station: StationSocket;
  let live: LiveClient | undefined;
  let seq = 0;
  const t0 = Math.floor(Date.now() / 1000) * 1000 - 60_000;

  const send = async (i: number) => {
    const ack = await sendFrame(
      station,
      buildFrame({
        sequenceCount: ++seq,
        apid: APID.EPS,
        timeMs: t0 + i * 1000,
        values: { 'eps.batt_voltage': 30 + i / 10 },
      }),
    );
    expect(ack).toEqual({ ok: true, status: 'stored' });
  };

  beforeEach(async () => {
    resetStore();
    seq = 0;
    server = await startServer();
    station = await connectStation(server.url, 'astana', 'astana-secret');
  });

  afterEach(async () => {
    live?.stop();
    station.close();
    await server.stop();
  });

  it('takes a snapshot, streams samples, and catches up what it missed while disconnected', async () => {
    state().setInterest({ spacecraft: ['kazeosat-1'], parameters: ['eps.batt_voltage'] });
    live = startLiveClient({
      url: server.url,
      reconnectionDelayMs: 300,
      extraHeaders: { cookie: server.session.cookie },
    });
    await expect.poll(() => state().connection).toBe('connected');
    await expect.poll(() => state().fleet !== null).toBe(true);

    await send(0);
    await expect.poll(voltageTimes, { timeout: 5000 }).toContain(t0);

    // Drop the transport (as a network failure would); socket.io reconnects by itself.
    const disconnected = new Promise((resolve) => live!.socket.once('disconnect', resolve));
    live.socket.io.engine.close();
    await disconnected;
    expect(state().connection).toBe('disconnected');
    for (const i of [1, 2, 3]) await send(i);

    await expect.poll(() => state().connection, { timeout: 5000 }).toBe('connected');
    await expect.poll(voltageTimes, { timeout: 5000 }).toEqual([t0, t0 + 1000, t0 + 2000, t0 + 3000]);
    expect(
      state()
        .samples.points('kazeosat-1', 'eps.batt_voltage')
        .map((p) => p.v),
    ).toEqual([30, 30.1, 30.2, 30.3]);
  });
});
