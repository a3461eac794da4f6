// `tsx bench/report.ts <results.json>…`: one Markdown table from one or more result files (as written by
// bench/run.ts), in the order given, for docs/performance.md.
import fs from 'node:fs';
import { renderMarkdown } from './harness/table';
import type { ResultRow } from './harness/types';

interface Report {
  startedAt: string;
  quick: boolean;
  machine: { cpus: number; model: string; node: string };
  loadAverage: { before: number[]; after: number[] };
  rows: ResultRow[];
}

const reports = process.argv.slice(2).map((file) => JSON.parse(fs.readFileSync(file, 'utf8')) as Report);
if (reports.length === 0) {
  console.error('usage: tsx bench/report.ts <results.json>…');
  process.exit(1);
}
console.log(renderMarkdown(reports.flatMap((report) => report.rows)));
console.log();
for (const report of reports) {
  const load = `${report.loadAverage.before[0]!.toFixed(1)} → ${report.loadAverage.after[0]!.toFixed(1)}`;
  console.log(
    `- ${report.startedAt}${report.quick ? ' (quick)' : ''}: ${report.machine.cpus} × ${report.machine.model}, ` +
      `Node ${report.machine.node}, load average ${load}`,
  );
}
for (const row of reports.flatMap((report) => report.rows))
  if (row.note) console.log(`- ${row.metric}: ${row.note}`);
