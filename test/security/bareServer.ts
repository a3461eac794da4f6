// The auth layer on a bare Express + socket.io server, for testing it apart from the rest of the server.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Server as SocketServer } from 'socket.io';
import { mountAuth, mountSecurityHeaders } from '../../server/auth/http';
import { disconnectOnRevocation, sessionSocketMiddleware } from '../../server/auth/sockets';
import {
  createTestAuth,
  sqliteAuthFactory,
  type AuthStoreFactory,
  type TestAuth,
} from '../helpers/authStores';

export interface BareServer extends TestAuth {
  url: string;
  io: SocketServer;
  stop(): Promise<void>;
}

export async function startBareServer(factory: AuthStoreFactory = sqliteAuthFactory): Promise<BareServer> {
  const t = await createTestAuth(factory);
  const app = express();
  mountSecurityHeaders(app);
  app.use(express.json({ limit: '100kb' }));
  mountAuth(app, t.auth, { kioskLandingPath: '/wall' });
  app.get('/api/fleet', (_req, res) => res.json({ fleet: [] }));
  const httpServer = createServer(app);
  const io = new SocketServer(httpServer, { serveClient: false });
  const live = io.of('/live');
  live.use(sessionSocketMiddleware(t.auth));
  disconnectOnRevocation(t.auth, [live]);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    ...t,
    url: `http://127.0.0.1:${port}`,
    io,
    stop: async () => {
      await io.close();
      await t.dispose();
    },
  };
}
