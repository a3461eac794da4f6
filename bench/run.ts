// `npm run bench [-- --quick] [name …]`: runs the selected benchmarks one after another, each in its own
// process, prints one table and writes the rows with the machine they ran on to bench/results/.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectBenchmarks, type BenchDef } from './benchmarks';
import type { ChildMessage } from './harness/child';
import { renderTable } from './harness/table';
import type { ResultRow } from './harness/types';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = path.join(BENCH_DIR, 'results');
const CHILD = path.join(BENCH_DIR, 'harness', 'child.ts');

function failureRow(def: BenchDef, note: string): ResultRow {
  return {
    bench: def.name,
    metric: `${def.name}: did not finish`,
    workload: '',
    unit: '',
    samples: 0,
    median: NaN,
    spread: { kind: 'none' },
    note,
  };
}

function runChild(def: BenchDef, quick: boolean): Promise<ResultRow[]> {
  const timeoutMs = quick ? def.timeoutMs.quick : def.timeoutMs.full;
  return new Promise((resolve) => {
    const child = fork(CHILD, [def.name, ...(quick ? ['--quick'] : [])], {
      cwd: path.resolve(BENCH_DIR, '..'),
      execArgv: ['--import', 'tsx', '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let settled = false;
    const settle = (rows: ResultRow[]) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(rows);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle([failureRow(def, `killed after ${timeoutMs / 1000} s`)]);
    }, timeoutMs);
    child.on('message', (message: ChildMessage) => {
      if (message.rows) settle(message.rows);
      else settle([failureRow(def, message.error ?? 'unknown error')]);
    });
    child.on('exit', (code) => settle([failureRow(def, `exited with code ${code}`)]));
  });
}

function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    model: cpus[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  // --federation: the rows of the 100-spacecraft federation (every benchmark whose name starts with it).
  const words = args.filter((arg) => !arg.startsWith('--'));
  if (args.includes('--federation')) words.push('federation');
  const selected = selectBenchmarks(words, quick);
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const rows: ResultRow[] = [];
  for (const def of selected) {
    process.stderr.write(`running ${def.name}${quick ? ' (quick)' : ''}: ${def.description}\n`);
    const started = performance.now();
    rows.push(...(await runChild(def, quick)));
    process.stderr.write(`${def.name} took ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    quick,
    machine: machine(),
    // The load average before and after says how busy the (shared) machine was: figures from a loaded
    // machine are lower bounds.
    loadAverage: { before: loadBefore, after: os.loadavg() },
    rows,
  };
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const file = path.join(RESULTS_DIR, `bench-${stamp}${quick ? '-quick' : ''}.json`);
  fs.writeFileSync(file, JSON.stringify(report, null, 2));
  fs.writeFileSync(path.join(RESULTS_DIR, 'latest.json'), JSON.stringify(report, null, 2));

  console.log(renderTable(rows));
  for (const row of rows) if (row.note) console.log(`- ${row.metric}: ${row.note}`);
  const load = report.loadAverage;
  console.log(
    `\n${report.machine.cpus} × ${report.machine.model}, Node ${report.machine.node}; ` +
      `load average ${load.before[0]!.toFixed(2)} → ${load.after[0]!.toFixed(2)}; results in ${path.relative(process.cwd(), file)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
