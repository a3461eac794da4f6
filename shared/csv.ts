// CSV cells as RFC 4180 writes them, for the exports the server streams and those the dashboard saves: one
// rule for quoting, so a string parameter's text with a comma or a quote reads back the same from either.

export type CsvValue = string | number | boolean | null | undefined;

/**
 * Text that a spreadsheet would run as a formula (=, +, -, @, tab or carriage return first): a spacecraft's
 * string parameter is not trusted input, and an export opened in a spreadsheet must not run what it sent.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  // Written as text with a leading apostrophe, the spreadsheets' own sign for "this is text".
  const s = typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
