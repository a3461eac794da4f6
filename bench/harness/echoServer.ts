// The transport ceiling: a bare socket.io server whose /ingest namespace acknowledges every batch as stored
// without decoding or archiving anything. The ingest benchmarks run it as their baseline in the same run, so
// their ratio says how much of what socket.io can carry Ortaq turns into durable frames.
import { createServer, type Server as HttpServer } from 'node:http';
import { Server as SocketServer } from 'socket.io';
import * as parser from 'socket.io-parser';
import {
  INGEST_NAMESPACE,
  MAX_BATCH_FRAMES,
  type BatchAck,
  type FrameAck,
  type IngestClientEvents,
  type IngestServerEvents,
} from '../../shared/protocol';

// socket.io-parser refuses packets with more than 10 binary attachments by default, and a documented batch
// carries one attachment per frame.
class BatchDecoder extends parser.Decoder {
  constructor() {
    super({ maxAttachments: MAX_BATCH_FRAMES });
  }
}

const STORED: FrameAck = { ok: true, status: 'stored' };

export function createEchoServer(): { httpServer: HttpServer; close(): Promise<void> } {
  const httpServer = createServer();
  const io = new SocketServer<IngestClientEvents, IngestServerEvents>(httpServer, {
    serveClient: false,
    parser: { Encoder: parser.Encoder, Decoder: BatchDecoder },
  });
  io.of(INGEST_NAMESPACE).on('connection', (socket) => {
    socket.on('frames', (batch, ack) => {
      const result: BatchAck = { results: batch.map(() => STORED) };
      ack(result);
    });
    socket.on('frame', (_meta, _bytes, ack) => ack(STORED));
  });
  return {
    httpServer,
    close: async () => {
      await io.close();
    },
  };
}
