// Reads the server's own counters from GET /metrics (Prometheus text format).
export async function readMetrics(url: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const values = new Map<string, number>();
  for (const match of text.matchAll(/^([a-z_]+)\s+(\S+)$/gm)) values.set(match[1]!, Number(match[2]));
  return values;
}
