import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as SocketServer } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installConnectionLimits, limitStationSockets } from '../../server/auth/admission';

describe('connection admission', () => {
  let httpServer: HttpServer;
  let io: SocketServer;
  let url: string;
  let clients: Socket[];
  beforeEach(async () => {
    httpServer = createServer();
    io = new SocketServer(httpServer, { serveClient: false });
    installConnectionLimits(io, { total: 6, perAddress: 5, perStation: 2 });
    const ingest = io.of('/ingest');
    ingest.use((socket, next) => {
      (socket.data as { stationId?: string }).stationId = String(socket.handshake.auth.stationId);
      next();
    });
    limitStationSockets(ingest, 2);
    io.of('/live');
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
    clients = [];
  });
  afterEach(async () => {
    for (const c of clients) c.disconnect();
    await io.close();
  });

  const open = (nsp: string, options: Parameters<typeof connect>[1] = {}) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect(`${url}${nsp}`, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        ...options,
      });
      clients.push(socket);
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (error) => reject(error));
    });

  it('refuses browser connections from another origin', async () => {
    await expect(open('/live', { extraHeaders: { origin: 'https://evil.example' } })).rejects.toThrow();
    await expect(open('/live', { extraHeaders: { origin: url } })).resolves.toBeDefined();
  });

  it('caps the sockets of one station', async () => {
    await open('/ingest', { auth: { stationId: 'astana' } });
    await open('/ingest', { auth: { stationId: 'astana' } });
    await expect(open('/ingest', { auth: { stationId: 'astana' } })).rejects.toThrow('too_many_connections');
    await expect(open('/ingest', { auth: { stationId: 'ankara' } })).resolves.toBeDefined();
  });

  it('caps connections per address and frees them on disconnect', async () => {
    const sockets = await Promise.all([1, 2, 3, 4, 5].map(() => open('/live')));
    await expect(open('/live')).rejects.toThrow();
    sockets[0]!.disconnect();
    while (io.engine.clientsCount > 4) await new Promise((resolve) => setTimeout(resolve, 5));
    await expect(open('/live')).resolves.toBeDefined();
  });
});
