// The folder-level import graph of the source rooms, as a newcomer reads the map: a room is a folder right
// under server/, client/ or shared/ (each view of client/views counts as its own room), and a file directly
// under one of them (server/app.ts, shared/clock.ts) is a unit of its own. Imports are read with
// TypeScript's own pre-processor, so type-only imports, re-exports, side-effect imports and dynamic
// import() all count: a cycle of types alone still ties the rooms together.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const SOURCE_ROOTS = ['server', 'client', 'shared'] as const;
const SOURCE_FILE = /\.(ts|tsx)$/;
const CANDIDATE_SUFFIXES = ['', '.ts', '.tsx', '/index.ts', '/index.tsx'];

/** Unit → units it imports, each edge with one file-level example (for naming the cycle). */
export type ImportGraph = Map<string, Map<string, string>>;

export function sourceFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (SOURCE_FILE.test(entry.name)) files.push(full);
    }
  };
  for (const top of SOURCE_ROOTS) {
    const dir = path.join(root, top);
    if (fs.existsSync(dir)) walk(dir);
  }
  return files;
}

/** The room of a file, by its path relative to the repository root (forward slashes). */
export function unitOf(relative: string): string {
  const parts = relative.split('/');
  if (parts[0] === 'client' && parts[1] === 'views' && parts.length > 3) return parts.slice(0, 3).join('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : relative;
}

function resolveRelative(fromFile: string, specifier: string): string | null {
  const base = path.resolve(path.dirname(fromFile), specifier);
  for (const suffix of CANDIDATE_SUFFIXES) {
    const candidate = base + suffix;
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

export function buildImportGraph(root: string): ImportGraph {
  const graph: ImportGraph = new Map();
  const rel = (file: string) => path.relative(root, file).split(path.sep).join('/');
  for (const file of sourceFiles(root)) {
    const from = rel(file);
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      // Package imports cannot close a cycle between rooms; only relative ones can.
      if (!fileName.startsWith('.')) continue;
      const target = resolveRelative(file, fileName);
      if (!target) continue;
      const to = rel(target);
      const [a, b] = [unitOf(from), unitOf(to)];
      if (a === b || !SOURCE_ROOTS.some((top) => to.startsWith(`${top}/`))) continue;
      let edges = graph.get(a);
      if (!edges) graph.set(a, (edges = new Map()));
      if (!edges.has(b)) edges.set(b, `${from} → ${to}`);
    }
  }
  return graph;
}

/** Strongly connected components of more than one unit (Tarjan), each sorted. */
export function importCycles(graph: ImportGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) components.push(component.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return components;
}

/** One closed path through a component, each step with the file that makes it: what to break. */
export function describeCycle(graph: ImportGraph, component: readonly string[]): string {
  const members = new Set(component);
  const start = component[0]!;
  // Breadth-first from start back to start, inside the component.
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!members.has(w) || previous.has(w)) continue;
      previous.set(w, v);
      if (w === start) queue.length = 0;
      else queue.push(w);
    }
  }
  const steps: string[] = [];
  let at = start;
  do {
    const from = previous.get(at)!;
    steps.unshift(`  ${from} → ${at}   (${graph.get(from)!.get(at)})`);
    at = from;
  } while (at !== start);
  return `cycle of ${component.join(', ')}:\n${steps.join('\n')}`;
}
