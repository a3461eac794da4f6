// Composition root: builds the HTTP server, REST API and socket.io from their dependencies. Only
// server/index.ts reads the environment and listens; tests build the same app and listen on port 0.
import { createServer, type Server as HttpServer } from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { Server as SocketServer } from 'socket.io';
import type { Dictionary } from '../shared/dictionary';
import { errorHandler, notFoundHandler } from './api/errors';

export interface AppOptions {
  dictionary: Dictionary;
  /** Folder with the built dashboard; served when it exists. */
  clientDir?: string;
}

export interface OrtaqApp {
  httpServer: HttpServer;
  io: SocketServer;
  /** Stops accepting connections and releases every resource the app holds. */
  close(): Promise<void>;
}

export function createApp(options: AppOptions): OrtaqApp {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '100kb' }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/api/dictionary', (_req, res) => {
    res.json(options.dictionary);
  });
  app.use('/api', notFoundHandler);

  const clientDir = options.clientDir;
  if (clientDir && fs.existsSync(path.join(clientDir, 'index.html'))) {
    app.use(express.static(clientDir, { index: false }));
    // Every dashboard view is a client-side URL: answer them all with the app.
    app.get('/{*path}', (_req, res) => res.sendFile(path.join(clientDir, 'index.html')));
  }
  app.use(notFoundHandler);
  app.use(errorHandler);

  const httpServer = createServer(app);
  const io = new SocketServer(httpServer, { serveClient: false });

  return {
    httpServer,
    io,
    close: async () => {
      await io.close();
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
