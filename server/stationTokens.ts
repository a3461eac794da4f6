// The station token list of ORTAQ_STATION_TOKENS, `stationId:token,…`. Read by the server's configuration
// (which stations may connect) and by the simulator's command line (which stations it connects as): a root
// module of its own, so neither needs the other's room.
export function parseStationTokens(text: string | undefined): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const entry of (text ?? '').split(',')) {
    const trimmed = entry.trim();
    if (!trimmed) continue;
    const separator = trimmed.indexOf(':');
    if (separator <= 0 || separator === trimmed.length - 1) {
      throw new Error(`ORTAQ_STATION_TOKENS: expected stationId:token, got "${trimmed}"`);
    }
    tokens.set(trimmed.slice(0, separator), trimmed.slice(separator + 1));
  }
  return tokens;
}
