// The rooms of src/ stay stacked: core at the bottom, methods and render on it, keras-vis above
// both, the Node entry and the CLI on top. Every relative import of every file under src/ is walked
// and checked against the table of imports each room may not make.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importsOf, typeScriptFiles } from './support/imports.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');

/**
 * The rooms (folders of src/) each room may not import. Files directly in src/ (the entry points)
 * are room 'index' and may import any room; rooms not listed (the engine) are not restricted here.
 * methods/ may not import render/: methods return raw maps, rendering is apart (DESIGN.md principle 8).
 */
const FORBIDDEN_IMPORTS: Readonly<Record<string, readonly string[]>> = {
  core: ['methods', 'keras-vis', 'render', 'io', 'cli', 'node'],
  methods: ['keras-vis', 'render', 'cli', 'node'],
  render: ['methods', 'keras-vis', 'cli', 'node'],
  'keras-vis': ['cli', 'node'],
  io: ['methods', 'keras-vis', 'render', 'cli', 'node'],
  image: ['methods', 'keras-vis', 'cli', 'node'],
  text: ['methods', 'keras-vis', 'render', 'io', 'cli', 'node'],
  node: ['cli'],
};

/** One import between two files of src/, as paths relative to src/. */
interface ImportEdge {
  readonly from: string;
  readonly to: string;
  readonly line: number;
}

/** The room of a path relative to src/: its first folder, or 'index' for a file directly in src/. */
function roomOf(path: string): string {
  const parts = path.split(sep);
  return parts.length === 1 ? 'index' : (parts[0] as string);
}

/** The edges that break {@link FORBIDDEN_IMPORTS}, as "from:line imports to (room a may not import room b)". */
function layerViolations(edges: readonly ImportEdge[]): string[] {
  return edges.flatMap(({ from, to, line }) => {
    const [a, b] = [roomOf(from), roomOf(to)];
    return a !== b && FORBIDDEN_IMPORTS[a]?.includes(b) ? [`src/${from}:${line} imports src/${to} (${a}/ may not import ${b}/)`] : [];
  });
}

/** Every relative import between files of src/. */
function sourceEdges(): ImportEdge[] {
  return typeScriptFiles(SRC).flatMap((file) =>
    importsOf(file)
      .filter((record) => record.resolved?.startsWith(`${SRC}${sep}`))
      .map((record) => ({ from: relative(SRC, file), to: relative(SRC, record.resolved as string), line: record.line })),
  );
}

test('no room of src/ imports a room above it (core < methods, render < keras-vis < node < cli)', () => {
  const edges = sourceEdges();
  assert.ok(edges.length > 300, `walked ${edges.length} imports`);
  assert.ok(edges.some((e) => e.from.startsWith(`keras-vis${sep}`) && e.to.startsWith(`methods${sep}`)), 'keras-vis composes methods');
  assert.deepEqual(layerViolations(edges), []);
});

test('the rule catches an import that reaches up the stack', () => {
  const edges: ImportEdge[] = [
    { from: join('core', 'target.ts'), to: join('keras-vis', 'visualize-saliency.ts'), line: 3 },
    { from: join('render', 'grid.ts'), to: join('methods', 'registry.ts'), line: 7 },
    { from: join('keras-vis', 'visualize-cam.ts'), to: join('methods', 'cam', 'find-layer.ts'), line: 9 },
    { from: 'index.ts', to: join('keras-vis', 'visualize-cam.ts'), line: 1 },
  ];
  assert.deepEqual(layerViolations(edges), [
    `src/${join('core', 'target.ts')}:3 imports src/${join('keras-vis', 'visualize-saliency.ts')} (core/ may not import keras-vis/)`,
    `src/${join('render', 'grid.ts')}:7 imports src/${join('methods', 'registry.ts')} (render/ may not import methods/)`,
  ]);
});
