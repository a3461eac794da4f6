// XTCE name resolution over nested SpaceSystems. A reference is absolute ("/Root/EPS/voltage"), relative with
// a path ("EPS/voltage", "../voltage", "./voltage") or a bare name. Paths are walked from the referring
// system; a bare name or a downward path that is not found there is looked for in each enclosing system in
// turn, which is how databases share types declared at the top.
import type { ContainerDecl, ParameterDecl, ParameterTypeDecl, SpaceSystemDecl } from './model';
import { problemAt, type Problem } from './problems';

export interface SystemNode {
  name: string;
  /** "/Root/EPS" */
  path: string;
  parent?: SystemNode;
  children: Map<string, SystemNode>;
  types: Map<string, ParameterTypeDecl>;
  parameters: Map<string, ParameterDecl>;
  containers: Map<string, ContainerDecl>;
  decl: SpaceSystemDecl;
}

export type NameKind = 'types' | 'parameters' | 'containers';

const KIND_WORD: Record<NameKind, string> = {
  types: 'parameter type',
  parameters: 'parameter',
  containers: 'container',
};

function addUnique<T extends { name: string; loc: { file: string; line: number } }>(
  map: Map<string, T>,
  items: readonly T[],
  kind: NameKind,
  path: string,
  problems: Problem[],
): void {
  for (const item of items) {
    const existing = map.get(item.name);
    if (existing) {
      problems.push(
        problemAt(
          item.loc.file,
          item.loc.line,
          `${KIND_WORD[kind]} "${item.name}" is declared twice in ${path} (first at line ${existing.loc.line})`,
        ),
      );
      continue;
    }
    map.set(item.name, item);
  }
}

export function buildTree(decl: SpaceSystemDecl, problems: Problem[], parent?: SystemNode): SystemNode {
  const path = `${parent ? parent.path : ''}/${decl.name}`;
  const node: SystemNode = {
    name: decl.name,
    path,
    parent,
    children: new Map(),
    types: new Map(),
    parameters: new Map(),
    containers: new Map(),
    decl,
  };
  addUnique(node.types, decl.types, 'types', path, problems);
  addUnique(node.parameters, decl.parameters, 'parameters', path, problems);
  addUnique(node.containers, decl.containers, 'containers', path, problems);
  for (const child of decl.children) {
    if (node.children.has(child.name)) {
      problems.push(
        problemAt(child.loc.file, child.loc.line, `SpaceSystem "${child.name}" is declared twice in ${path}`),
      );
      continue;
    }
    node.children.set(child.name, buildTree(child, problems, node));
  }
  return node;
}

function walk(from: SystemNode, segments: readonly string[]): SystemNode | undefined {
  let node: SystemNode | undefined = from;
  for (const segment of segments) {
    if (!node) return undefined;
    if (segment === '..') node = node.parent;
    else if (segment !== '.' && segment !== '') node = node.children.get(segment);
  }
  return node;
}

export interface Found<T> {
  item: T;
  system: SystemNode;
}

export function lookup<K extends NameKind>(
  root: SystemNode,
  from: SystemNode,
  kind: K,
  ref: string,
): Found<SystemNode[K] extends Map<string, infer T> ? T : never> | undefined {
  type Item = SystemNode[K] extends Map<string, infer T> ? T : never;
  const segments = ref.split('/');
  const name = segments.pop() ?? '';
  const find = (system: SystemNode | undefined) => {
    const item = system?.[kind].get(name) as Item | undefined;
    return item && system ? { item, system } : undefined;
  };
  if (ref.startsWith('/')) {
    if (segments[1] !== root.name) return undefined;
    return find(walk(root, segments.slice(2)));
  }
  const found = find(walk(from, segments));
  if (found || segments[0] === '.' || segments[0] === '..') return found;
  for (let scope = from.parent; scope; scope = scope.parent) {
    const outer = find(walk(scope, segments));
    if (outer) return outer;
  }
  return undefined;
}

export function describeKind(kind: NameKind): string {
  return KIND_WORD[kind];
}
