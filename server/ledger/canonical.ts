// Canonical JSON: object keys sorted by UTF-16 code unit, no spaces, arrays in order. What the ledger hashes
// and signs is this text, so a verifier in any language rebuilds the same bytes from the parsed JSON.
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    // undefined, functions and symbols have no JSON form; silently dropping them would sign something else.
    if (text === undefined) throw new TypeError('canonicalJson: value without a JSON form');
    return text;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
