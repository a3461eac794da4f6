// The two ways out: a signed webhook POST and an e-mail over SMTP with STARTTLS. Each call ends within its
// timeout, follows no redirect, and answers a result instead of throwing: the outbox decides what next.
import nodemailer from 'nodemailer';
import type { AlarmNotification } from '../../shared/protocol/notify';
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER } from '../../shared/protocol/notify';
import { emailText } from './message';
import { signatureOf } from './signature';
import type { EmailTarget, WebhookTarget } from './store';

export type SendResult =
  | { ok: true; status: number | null; answer: string }
  | { ok: false; retryable: boolean; status: number | null; answer: string };

/** The start of an answer is enough to tell what went wrong; a huge body is not read. */
const MAX_ANSWER_CHARS = 300;
const MAX_ANSWER_BYTES = 4096;

export interface SmtpTrust {
  /** Extra CA certificates (PEM) for SMTP servers with a private certificate authority. */
  ca?: string | string[];
}

export async function sendWebhook(
  target: WebhookTarget,
  secret: string,
  notification: AlarmNotification,
  timeoutMs: number,
): Promise<SendResult> {
  const body = JSON.stringify(notification);
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Ortaq-Notifier',
        [SIGNATURE_HEADER]: signatureOf(secret, body),
        [IDEMPOTENCY_HEADER]: notification.idempotencyKey,
      },
      body,
      // A redirect could lead anywhere (another host, a loop): it is reported, never followed.
      redirect: 'manual',
      signal,
    });
    const answer = await readStart(res);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status, answer };
    if (res.status >= 300 && res.status < 400) {
      return { ok: false, retryable: false, status: res.status, answer: `redirect not followed` };
    }
    // Too many requests, timeouts and server errors pass; any other 4xx will answer the same next time.
    const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
    return { ok: false, retryable, status: res.status, answer };
  } catch (error) {
    return { ok: false, retryable: true, status: null, answer: networkError(error, signal) };
  }
}

async function readStart(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    while (bytes < MAX_ANSWER_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      bytes += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, MAX_ANSWER_CHARS);
}

function networkError(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return 'timed out';
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return (cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))).slice(
    0,
    MAX_ANSWER_CHARS,
  );
}

export async function sendEmail(
  target: EmailTarget,
  password: string | null,
  notification: AlarmNotification,
  timeoutMs: number,
  trust: SmtpTrust = {},
): Promise<SendResult> {
  const transport = nodemailer.createTransport({
    host: target.host,
    port: target.port,
    // STARTTLS is required: a server that does not offer it gets no mail (and no password) in clear text.
    secure: false,
    requireTLS: true,
    ...(target.username && password ? { auth: { user: target.username, pass: password } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    tls: { ...(trust.ca ? { ca: trust.ca } : {}), minVersion: 'TLSv1.2' },
  });
  const { subject, text } = emailText(notification);
  try {
    const info = (await transport.sendMail({
      from: target.from,
      to: target.to,
      subject,
      text,
      headers: { 'X-Ortaq-Notification': notification.idempotencyKey },
    })) as { response?: string };
    const response = String(info.response ?? '');
    return { ok: true, status: smtpCode(response), answer: response.slice(0, MAX_ANSWER_CHARS) };
  } catch (error) {
    const e = error as { responseCode?: number; message?: string };
    const status = typeof e.responseCode === 'number' ? e.responseCode : null;
    // 5xx is the server's final no (a bad address, refused login); 4xx and lost connections are worth a retry.
    const retryable = status === null || status < 500;
    return { ok: false, retryable, status, answer: String(e.message ?? error).slice(0, MAX_ANSWER_CHARS) };
  } finally {
    transport.close();
  }
}

function smtpCode(response: string): number | null {
  const match = /^(\d{3})/.exec(response);
  return match ? Number(match[1]) : null;
}
