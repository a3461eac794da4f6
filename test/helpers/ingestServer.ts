// A small socket.io server speaking the /ingest contract (shared/protocol/ingest.ts), for testing station
// clients on their own: it authenticates stations, acknowledges every frame and remembers what it got.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { Decoder, Encoder } from 'socket.io-parser';
import {
  INGEST_NAMESPACE,
  MAX_BATCH_FRAMES,
  UNAUTHORIZED,
  ingestAuthSchema,
  type FrameAck,
  type IngestClientEvents,
  type IngestServerEvents,
} from '../../shared/protocol/ingest';

export interface ReceivedFrame {
  stationId: string;
  ert?: number;
  snrDb?: number;
  bytes: Uint8Array;
}

export interface TestIngestServer {
  url: string;
  port: number;
  received: ReceivedFrame[];
  /** Answers every frame of the next batches with this error instead of storing it. */
  refuseWith: FrameAck | null;
  stop(): Promise<void>;
}

// socket.io's decoder refuses messages with more than 10 binary attachments; a batch carries one per frame.
class BatchDecoder extends Decoder {
  constructor() {
    super({ maxAttachments: 2 * MAX_BATCH_FRAMES });
  }
}

export async function startIngestServer(
  tokens: ReadonlyMap<string, string>,
  port = 0,
): Promise<TestIngestServer> {
  const httpServer: HttpServer = createServer();
  const io = new Server(httpServer, { serveClient: false, parser: { Encoder, Decoder: BatchDecoder } });
  const seen = new Set<string>();
  const state: TestIngestServer = {
    url: '',
    port: 0,
    received: [],
    refuseWith: null,
    stop: async () => undefined,
  };
  const ingest = io.of(INGEST_NAMESPACE);
  ingest.use((socket, next) => {
    const auth = ingestAuthSchema.safeParse(socket.handshake.auth);
    if (!auth.success || tokens.get(auth.data.stationId) !== auth.data.token)
      return next(new Error(UNAUTHORIZED));
    socket.data.stationId = auth.data.stationId;
    next();
  });
  ingest.on('connection', (socket) => {
    const typed = socket as unknown as Socket<IngestClientEvents, IngestServerEvents>;
    typed.on('frames', (batch, ack) => {
      const results = batch.map((frame): FrameAck => {
        if (state.refuseWith) return state.refuseWith;
        const bytes = new Uint8Array(frame.bytes);
        state.received.push({
          stationId: socket.data.stationId as string,
          ert: frame.ert,
          snrDb: frame.snrDb,
          bytes,
        });
        const key = Buffer.from(bytes).toString('hex');
        if (seen.has(key)) return { ok: true, status: 'duplicate' };
        seen.add(key);
        return { ok: true, status: 'stored' };
      });
      ack({ results });
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(port, '127.0.0.1', resolve));
  state.port = (httpServer.address() as AddressInfo).port;
  state.url = `http://127.0.0.1:${state.port}`;
  state.stop = async () => {
    await io.close();
    if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
  };
  return state;
}

/** Polls until a condition holds, failing after timeoutMs. */
export async function waitFor(
  condition: () => boolean,
  timeoutMs = 8_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
