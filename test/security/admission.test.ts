import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as SocketServer } from 'socket.io';
import { io as connect, Manager, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  installConnectionLimits,
  limitStationSockets,
  NO_SUCH_NAMESPACE,
  type AdmissionOptions,
} from '../../server/auth/admission';
import { clientAddress } from '../../server/auth/http/clientAddress';

const LIMITS = { total: 6, perAddress: 5, perStation: 2, authDeadlineMs: 300 };

describe('connection admission', () => {
  let httpServer: HttpServer;
  let io: SocketServer;
  let url: string;
  let clients: Socket[];
  let managers: Manager[];
  let closedUnauthenticated: number;

  /** A socket.io server with /ingest (any stationId passes) and /live (a `pass` auth field passes). */
  async function start(options: Partial<AdmissionOptions> = {}) {
    httpServer = createServer();
    io = new SocketServer(httpServer, { serveClient: false });
    const ingest = io.of('/ingest');
    ingest.use((socket, next) => {
      (socket.data as { stationId?: string }).stationId = String(socket.handshake.auth.stationId);
      next();
    });
    const live = io.of('/live');
    live.use((socket, next) => next(socket.handshake.auth.pass ? undefined : new Error('unauthenticated')));
    closedUnauthenticated = 0;
    installConnectionLimits(io, {
      limits: LIMITS,
      trustProxy: false,
      authenticated: [ingest, live],
      onUnauthenticatedClosed: () => closedUnauthenticated++,
      ...options,
    });
    limitStationSockets(ingest, 2);
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  }
  beforeEach(() => {
    clients = [];
    managers = [];
  });
  afterEach(async () => {
    for (const c of clients) c.disconnect();
    for (const m of managers) m.engine.close();
    await io.close();
  });

  const open = (nsp: string, options: Parameters<typeof connect>[1] = {}) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect(`${url}${nsp}`, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        auth: { pass: true },
        ...options,
      });
      clients.push(socket);
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (error) => reject(error));
    });

  /** A bare engine.io connection that opens no namespace at all (what an idle attacker holds). */
  const openBare = () =>
    new Promise<Manager>((resolve, reject) => {
      const manager = new Manager(url, {
        transports: ['websocket'],
        reconnection: false,
        autoConnect: false,
      });
      managers.push(manager);
      manager.open((error) => (error ? reject(error) : resolve(manager)));
    });

  it('refuses browser connections from another origin', async () => {
    await start();
    await expect(open('/live', { extraHeaders: { origin: 'https://evil.example' } })).rejects.toThrow();
    await expect(open('/live', { extraHeaders: { origin: url } })).resolves.toBeDefined();
  });

  it('caps the sockets of one station', async () => {
    await start();
    await open('/ingest', { auth: { stationId: 'astana' } });
    await open('/ingest', { auth: { stationId: 'astana' } });
    await expect(open('/ingest', { auth: { stationId: 'astana' } })).rejects.toThrow('too_many_connections');
    await expect(open('/ingest', { auth: { stationId: 'ankara' } })).resolves.toBeDefined();
  });

  it('caps connections per address and frees them on disconnect', async () => {
    await start();
    const sockets = await Promise.all([1, 2, 3, 4, 5].map(() => open('/live')));
    await expect(open('/live')).rejects.toThrow();
    sockets[0]!.disconnect();
    while (io.engine.clientsCount > 4) await new Promise((resolve) => setTimeout(resolve, 5));
    await expect(open('/live')).resolves.toBeDefined();
  });

  it('refuses the default namespace', async () => {
    await start();
    await expect(open('/')).rejects.toThrow(NO_SUCH_NAMESPACE);
  });

  it('closes connections that have not authenticated by the deadline, and gives their places back', async () => {
    await start();
    // Five connections that never sign in fill this address's places...
    await Promise.all([1, 2, 3, 4, 5].map(openBare));
    await expect(open('/live', { auth: {} })).rejects.toThrow();
    expect(io.engine.clientsCount).toBe(5);
    await expect(open('/live')).rejects.toThrow();
    // ...until the deadline closes them.
    while (io.engine.clientsCount > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closedUnauthenticated).toBe(5);
    // An authenticated socket outlives the deadline.
    const kept = await open('/live');
    await new Promise((resolve) => setTimeout(resolve, LIMITS.authDeadlineMs * 2));
    expect(kept.connected).toBe(true);
    expect(io.engine.clientsCount).toBe(1);
  });

  it('keeps per-address limits on the client address a trusted proxy reports', async () => {
    await start({ trustProxy: true });
    const via = (client: string) => ({ extraHeaders: { 'x-forwarded-for': `198.51.100.7, ${client}` } });
    // Five clients of one address (whatever they put in front of it) fill its places...
    await Promise.all([1, 2, 3, 4, 5].map((i) => open('/live', via(`203.0.113.1`)).then(() => i)));
    await expect(open('/live', via('203.0.113.1'))).rejects.toThrow();
    // ...while another client behind the same proxy still gets in (until the server total).
    await expect(open('/live', via('203.0.113.2'))).resolves.toBeDefined();
  });
});

describe('client address', () => {
  const request = (remoteAddress: string, xff?: string) =>
    ({ socket: { remoteAddress }, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } }) as never;

  it('is the peer without a trusted proxy, whatever X-Forwarded-For says', () => {
    expect(clientAddress(request('10.0.0.5', '1.2.3.4'), false)).toBe('10.0.0.5');
  });

  it('is the address the proxy appended (the last entry) behind a trusted proxy', () => {
    expect(clientAddress(request('10.0.0.1', '6.6.6.6, 203.0.113.9'), true)).toBe('203.0.113.9');
    expect(clientAddress(request('10.0.0.1', '203.0.113.9'), true)).toBe('203.0.113.9');
    expect(clientAddress(request('10.0.0.1'), true)).toBe('10.0.0.1');
  });
});
