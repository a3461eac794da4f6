// Receivers a notification test starts on loopback: an HTTP server that records webhook requests with their
// raw bodies and answers as the test says, and an SMTP server with STARTTLS (smtp-server, a self-signed
// certificate from test/fixtures) that records the mail it accepts.
import fs from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { createPostgresNotifyStore } from '../../server/notify/postgres/store';
import { createSqliteNotifyStore } from '../../server/notify/sqliteStore';
import type { NotifyStore } from '../../server/notify/store';
import { dropSchema, POSTGRES_URL, uniqueSchema } from './stores';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
/** The CA the notifier is told to trust for the test SMTP server (the certificate signs itself). */
export const SMTP_TEST_CERT = fs.readFileSync(path.join(fixtures, 'smtp-cert.pem'), 'utf8');
const SMTP_TEST_KEY = fs.readFileSync(path.join(fixtures, 'smtp-key.pem'), 'utf8');

export interface WebhookRequest {
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  atMs: number;
}

/** How the receiver answers a request: a status (and Location for redirects), or never. */
export type WebhookBehaviour = { status: number; location?: string; body?: string } | { hang: true };

export interface WebhookReceiver {
  url: string;
  requests: WebhookRequest[];
  /** Answer of the next requests (default: 200). */
  respond(behaviour: WebhookBehaviour | ((n: number) => WebhookBehaviour)): void;
  /** Resolves when `count` requests have arrived, or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<WebhookRequest[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: WebhookRequest[] = [];
  let behave: (n: number) => WebhookBehaviour = () => ({ status: 200, body: 'ok' });
  const waiters = new Set<() => void>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({
        path: req.url ?? '',
        headers: req.headers,
        rawBody: Buffer.concat(chunks).toString('utf8'),
        atMs: Date.now(),
      });
      for (const wake of waiters) wake();
      const answer = behave(requests.length);
      if ('hang' in answer) return;
      res.writeHead(answer.status, answer.location ? { location: answer.location } : {});
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respond: (b) => (behave = typeof b === 'function' ? b : () => b),
    waitFor: (count, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (requests.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(requests.slice(0, count));
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${requests.length} of ${count} webhook requests after ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  /** The text part, quoted-printable decoded. */
  text: string;
  secure: boolean;
  user: string | null;
}

export interface SmtpReceiver {
  host: string;
  port: number;
  mails: ReceivedMail[];
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/** Accepts any login whose password is `password` (when given); STARTTLS offered and required for AUTH. */
export async function startSmtpReceiver(
  password?: string,
  options: { withoutStartTls?: boolean } = {},
): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    key: SMTP_TEST_KEY,
    cert: SMTP_TEST_CERT,
    authOptional: password === undefined,
    disabledCommands: [
      ...(password === undefined ? ['AUTH'] : []),
      ...(options.withoutStartTls ? ['STARTTLS'] : []),
    ],
    logger: false,
    onAuth: (auth, _session, callback) => {
      if (auth.password === password) return callback(null, { user: auth.username });
      callback(new Error('bad login'));
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          text: decodeQuotedPrintable(raw.slice(raw.indexOf('\r\n\r\n') + 4)),
          secure: session.secure,
          user: typeof session.user === 'string' ? session.user : null,
        });
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    mails,
    waitFor: async (count, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      while (mails.length < count) {
        if (Date.now() > deadline) throw new Error(`${mails.length} of ${count} mails after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return mails.slice(0, count);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined[i] === '=' ? /^[0-9A-F]{2}/.exec(joined.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(parseInt(hex[0], 16));
      i += 2;
    } else bytes.push(...Buffer.from(joined[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** One empty notify store for one test on SQLite (a file) or PostgreSQL (a schema of its own). */
export interface NotifyStoreHandle {
  open(): Promise<NotifyStore>;
  dispose(): Promise<void>;
}

export const NOTIFY_STORE_FACTORIES: { name: string; create(): NotifyStoreHandle }[] = [
  {
    name: 'sqlite',
    create: () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-notify-'));
      return {
        open: () => Promise.resolve(createSqliteNotifyStore(path.join(dir, 'notify.sqlite'))),
        dispose: () => Promise.resolve(fs.rmSync(dir, { recursive: true, force: true })),
      };
    },
  },
  ...(POSTGRES_URL
    ? [
        {
          name: 'postgres',
          create: (): NotifyStoreHandle => {
            const schema = uniqueSchema();
            const url = POSTGRES_URL!;
            return {
              open: () => createPostgresNotifyStore({ connectionString: url, schema }),
              dispose: () => dropSchema(url, schema),
            };
          },
        },
      ]
    : []),
];
