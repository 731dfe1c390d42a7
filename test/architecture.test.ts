// The shape of the house: src/ has no import cycles (static imports, type-only imports, re-exports
// and dynamic import() alike), and the explorer (web/) reaches the library only by its package name.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = /\.(m?ts|m?js)$/;

/**
 * The relative module specifiers of a source text: imports (type-only too), re-exports and dynamic
 * `import('...')` calls with a literal specifier. Package names and computed specifiers are skipped.
 */
export function relativeImports(fileName: string, text: string): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    let specifier: ts.Expression | undefined;
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) specifier = node.moduleSpecifier;
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) specifier = node.arguments[0];
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) specifier = node.argument.literal;
    if (specifier && ts.isStringLiteralLike(specifier) && specifier.text.startsWith('.')) found.push(specifier.text);
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true));
  return found;
}

/** Every source file under `dir`, skipping node_modules and build output. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    return statSync(path).isDirectory() ? sourceFiles(path) : SOURCE.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** file -> the files it imports (absolute paths), for every source file under `dir`. */
function importGraph(dir: string): Map<string, string[]> {
  return new Map(sourceFiles(dir).map((file) => [file, relativeImports(file, readFileSync(file, 'utf8')).map((s) => resolve(dirname(file), s))]));
}

/**
 * The cycles of `graph`: one per edge that closes a loop in a depth-first walk, each listed from a
 * file back to itself. Empty exactly when the graph has no cycle.
 */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const cycles: string[][] = [];
  const walk = (file: string): void => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next) && graph.has(next)) walk(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) walk(file);
  return cycles;
}

const name = (file: string): string => relative(ROOT, file);

describe('import graph', () => {
  test('relativeImports finds static, type-only, re-exported and dynamic imports', () => {
    const text = [
      "import * as tf from '@tensorflow/tfjs';",
      "import { a } from './a.ts';",
      "import type { B } from '../b.ts';",
      "export * from './c.ts';",
      "export { d } from './d.ts';",
      "type E = import('./e.ts').E;",
      "const f = async () => (await import('./f.ts')).f;",
      'const g = (name: string) => import(name);',
    ].join('\n');
    assert.deepEqual(relativeImports('x.ts', text), ['./a.ts', '../b.ts', './c.ts', './d.ts', './e.ts', './f.ts']);
  });

  test('findCycles names a cycle, dynamic or not, and finds none in a graph without one', () => {
    const acyclic = new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]]);
    assert.deepEqual(findCycles(acyclic), []);
    const cyclic = new Map([['registry', ['tunnel']], ['tunnel', ['inner']], ['inner', ['registry']], ['other', ['tunnel']]]);
    assert.deepEqual(findCycles(cyclic), [['registry', 'tunnel', 'inner', 'registry']]);
    assert.deepEqual(findCycles(new Map([['self', ['self']]])), [['self', 'self']]);
  });

  test('src/ has no import cycles (static, type-only and dynamic imports)', () => {
    const graph = importGraph(join(ROOT, 'src'));
    const edges = [...graph.values()].reduce((n, targets) => n + targets.length, 0);
    assert.ok(graph.size > 100 && edges > 300, `the walk found only ${graph.size} files and ${edges} imports`);
    const unresolved = [...graph].flatMap(([file, targets]) => targets.filter((t) => !graph.has(t)).map((t) => `${name(file)} -> ${name(t)}`));
    assert.deepEqual(unresolved, [], 'imports that name no source file under src/');
    const cycles = findCycles(graph).map((cycle) => cycle.map(name).join(' -> '));
    assert.deepEqual(cycles, [], `import cycles:\n${cycles.join('\n')}`);
  });
});
