// The shape of the house: src/ has no import cycles (static imports, type-only imports, re-exports
// and dynamic import() alike), and the explorer (web/) reaches the library only by its package name.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importsOf, typeScriptFiles } from './support/imports.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** file -> the files it imports by relative path (absolute paths), for every .ts file under `dir`. */
function importGraph(dir: string): Map<string, string[]> {
  return new Map(typeScriptFiles(dir).map((file) => [file, importsOf(file).flatMap((i) => (i.resolved === undefined ? [] : [i.resolved]))]));
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
  test('importsOf finds static, type-only, re-exported and dynamic imports', () => {
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
    const dir = mkdtempSync(join(tmpdir(), 'imports-'));
    writeFileSync(join(dir, 'x.ts'), text);
    const relative = importsOf(join(dir, 'x.ts')).filter((i) => i.resolved !== undefined).map((i) => i.specifier);
    rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(relative, ['./a.ts', '../b.ts', './c.ts', './d.ts', './e.ts', './f.ts']);
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
