// The explorer (web/) is built on the public API only: it imports the library as 'tfjs-saliency'
// (the Vite alias and web/tsconfig.json map that name to src/index.ts), every name it takes is
// exported there (and pinned, for values), and no file of web/ reaches into src/ by a relative path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { importsOf, typeScriptFiles, type ImportRecord } from './support/imports.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WEB = join(ROOT, 'web');
const SRC = join(ROOT, 'src');
const PACKAGE_NAME = 'tfjs-saliency';

interface WebImport extends ImportRecord {
  /** Relative to the repository root. */
  readonly file: string;
}

const webImports: WebImport[] = typeScriptFiles(WEB).flatMap((file) => importsOf(file).map((record) => ({ ...record, file: relative(ROOT, file) })));

/** Every name src/index.ts exports, types included, as the TypeScript checker sees them: name -> is it a value. */
function publicNames(): Map<string, boolean> {
  const entry = join(SRC, 'index.ts');
  const program = ts.createProgram([entry], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, allowImportingTsExtensions: true, noEmit: true, skipLibCheck: true, noLib: true, types: [] });
  const checker = program.getTypeChecker();
  const symbol = checker.getSymbolAtLocation(program.getSourceFile(entry) as ts.SourceFile);
  assert.ok(symbol, 'src/index.ts is a module');
  return new Map(
    checker.getExportsOfModule(symbol).map((s) => {
      const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
      return [s.name, (target.flags & ts.SymbolFlags.Value) !== 0];
    }),
  );
}

test("web/ imports the library only as 'tfjs-saliency' (the browser entry), never a subpath", () => {
  const fromPackage = webImports.filter((i) => i.specifier === PACKAGE_NAME || i.specifier.startsWith(`${PACKAGE_NAME}/`));
  assert.ok(fromPackage.length >= 10, `${fromPackage.length} imports of ${PACKAGE_NAME}`);
  assert.deepEqual(fromPackage.filter((i) => i.specifier !== PACKAGE_NAME).map((i) => `${i.file}:${i.line} ${i.specifier}`), []);
});

test("every name web/ imports from 'tfjs-saliency' is exported by src/index.ts, and each value is pinned", () => {
  const used = [...new Set(webImports.filter((i) => i.specifier === PACKAGE_NAME).flatMap((i) => i.names))].sort();
  assert.ok(used.includes('getMethod') && used.includes('NdArray'), `web uses ${used.join(', ')}`);
  const exported = publicNames();
  assert.ok(exported.get('saliency') === true && exported.get('NdArray') === false, 'the checker tells values from types');
  assert.deepEqual(used.filter((name) => !exported.has(name)), [], 'names web/ imports that src/index.ts does not export');

  const pinned = new Set((JSON.parse(readFileSync(join(ROOT, 'test/fixtures/exports.json'), 'utf8')) as Record<string, string[]>)['src/index.ts']);
  const values = used.filter((name) => exported.get(name));
  assert.ok(values.length >= 10, `values web/ uses: ${values.join(', ')}`);
  assert.deepEqual(values.filter((name) => !pinned.has(name)), [], 'values web/ uses that test/fixtures/exports.json does not pin');
});

test('no file of web/ imports from src/ by a relative path', () => {
  const deep = webImports.filter((i) => i.resolved !== undefined && (i.resolved === SRC || i.resolved.startsWith(`${SRC}${sep}`)));
  assert.deepEqual(deep.map((i) => `${i.file}:${i.line} imports ${i.specifier}`), []);
});
