// Renders result rows as the one plain-text table `npm run bench` prints.
import type { ResultRow } from './types';

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1000) return Math.round(value).toLocaleString('en-US');
  if (magnitude >= 100 || Number.isInteger(value)) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 0.1) return value.toFixed(2);
  return value.toPrecision(2);
}

function spreadCell(row: ResultRow): string {
  switch (row.spread.kind) {
    case 'p99':
      return `p99 ${formatNumber(row.spread.p99)}`;
    case 'range':
      return `${formatNumber(row.spread.min)}–${formatNumber(row.spread.max)}`;
    case 'none':
      return '';
  }
}

function targetCell(row: ResultRow): string {
  if (!row.target) return '';
  const sign = row.target.better === 'higher' ? '≥' : '≤';
  const on = row.target.on === 'p99' ? 'p99 ' : '';
  return `${on}${sign} ${formatNumber(row.target.value)}`;
}

function verdictCell(row: ResultRow): string {
  if (row.met === undefined) return '';
  return row.met ? 'met' : 'MISSED';
}

const HEADERS = ['metric', 'workload', 'unit', 'median', 'p99 / min–max', 'target', 'baseline', 'ratio', ''];

export function tableCells(row: ResultRow): string[] {
  return [
    row.metric,
    row.workload,
    row.unit,
    formatNumber(row.median),
    spreadCell(row),
    targetCell(row),
    row.baseline ? `${row.baseline.name}: ${formatNumber(row.baseline.median)}` : '',
    row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}×`,
    verdictCell(row),
  ];
}

export function renderTable(rows: readonly ResultRow[]): string {
  const body = rows.map(tableCells);
  const widths = HEADERS.map((header, column) =>
    Math.max(header.length, ...body.map((cells) => cells[column]!.length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join(' | ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('-|-');
  return [line(HEADERS), rule, ...body.map(line)].join('\n');
}

/** The same table as Markdown, for docs/performance.md. */
export function renderMarkdown(rows: readonly ResultRow[]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  const line = (cells: readonly string[]) => `| ${cells.map(escape).join(' | ')} |`;
  return [
    line(HEADERS.slice(0, -1).concat('verdict')),
    line(HEADERS.map(() => '---')),
    ...rows.map((row) => line(tableCells(row))),
  ].join('\n');
}
