// Runs one benchmark in this process: `node --import tsx bench/harness/child.ts <name> [--quick]`. Under the
// runner it hands its rows back over IPC; run by hand (e.g. with --cpu-prof) it prints them as a table.
import { BENCHMARKS } from '../benchmarks';
import { renderTable } from './table';
import type { BenchContext, ResultRow } from './types';

export interface ChildMessage {
  rows?: ResultRow[];
  error?: string;
}

async function main(): Promise<void> {
  const [name, ...flags] = process.argv.slice(2);
  const def = BENCHMARKS.find((b) => b.name === name);
  if (!def) throw new Error(`no benchmark named ${name ?? '(none)'}`);
  const context: BenchContext = {
    quick: flags.includes('--quick'),
    log: (message) => process.stderr.write(`[${def.name}] ${message}\n`),
  };
  const { run } = await def.load();
  const rows = await run(context);
  if (process.send) {
    const message: ChildMessage = { rows };
    process.send(message, () => process.exit(0));
  } else {
    console.log(renderTable(rows));
    process.exit(0);
  }
}

main().catch((error: unknown) => {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  if (process.send) {
    const message: ChildMessage = { error: text };
    process.send(message, () => process.exit(1));
  } else {
    console.error(text);
    process.exit(1);
  }
});
