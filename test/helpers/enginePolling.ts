// A raw engine.io long-polling client (protocol 4), as curl would speak it: for tests that drive the
// /socket.io/ path by hand, one HTTP request at a time.
const RECORD_SEPARATOR = '\x1e';

export interface PollingSession {
  sid: string;
  /** POSTs engine.io packets (e.g. `40/live,` is "message: connect to /live"). */
  post(...packets: string[]): Promise<Response>;
  /** One long-poll GET; resolves with the packets the server had for it. */
  poll(): Promise<{ status: number; packets: string[] }>;
}

export async function openPolling(
  baseUrl: string,
  headers: Record<string, string> = {},
): Promise<PollingSession> {
  const base = `${baseUrl}/socket.io/?EIO=4&transport=polling`;
  const res = await fetch(base, { headers });
  const body = await res.text();
  if (res.status !== 200 || !body.startsWith('0')) throw new Error(`handshake: ${res.status} ${body}`);
  const { sid } = JSON.parse(body.slice(1)) as { sid: string };
  const url = `${base}&sid=${sid}`;
  return {
    sid,
    post: (...packets) =>
      fetch(url, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'text/plain;charset=UTF-8' },
        body: packets.join(RECORD_SEPARATOR),
      }),
    poll: async () => {
      const answer = await fetch(url, { headers });
      const text = await answer.text();
      return { status: answer.status, packets: text === '' ? [] : text.split(RECORD_SEPARATOR) };
    },
  };
}
