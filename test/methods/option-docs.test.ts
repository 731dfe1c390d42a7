// The TSDoc an IDE shows for each option (written on the schema's properties, carried into every
// method's options type) names the option's default, and that default is the one the schema
// declares: the comment cannot drift from the value. Read with the TypeScript checker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import * as library from '../../src/index.ts';
import type { OptionSchema } from '../../src/index.ts';

const SRC = new URL('../../src/', import.meta.url).pathname;
const INDEX = join(SRC, 'index.ts');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** TSDoc of every property of every `...Schema` the package root exports, by schema name. */
function schemaDocs(): Map<string, Map<string, string>> {
  // The library's own files only (noResolve: no TF.js types), which is all the docs need, and fast.
  const program = ts.createProgram(sourceFiles(SRC), {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    allowImportingTsExtensions: true,
    noEmit: true,
    skipLibCheck: true,
    noResolve: true,
    noLib: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const root = checker.getSymbolAtLocation(program.getSourceFile(INDEX) as ts.SourceFile) as ts.Symbol;
  const docs = new Map<string, Map<string, string>>();
  for (const symbol of checker.getExportsOfModule(root).filter((s) => s.name.endsWith('Schema'))) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    if (!(target.flags & ts.SymbolFlags.Variable)) continue;
    const properties = checker.getTypeOfSymbol(target).getProperties();
    docs.set(symbol.name, new Map(properties.map((p) => [p.name, ts.displayPartsToString(p.getDocumentationComment(checker))])));
  }
  return docs;
}

/** How a default reads in a comment: `50`, `'gauss-legendre'`, `true`. */
function spelled(value: unknown): string | undefined {
  if (typeof value === 'string') return `'${value}'`;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

test('every schema option has TSDoc naming its declared default, and every registered method uses exported schemas', () => {
  const docs = schemaDocs();
  const exported = library as unknown as Record<string, OptionSchema>;
  assert.ok(docs.size >= 10, `found only ${docs.size} exported schemas`);
  for (const [schemaName, properties] of docs) {
    const schema = exported[schemaName] as OptionSchema;
    assert.deepEqual([...properties.keys()].sort(), Object.keys(schema).sort(), schemaName);
    for (const [name, doc] of properties) {
      assert.match(doc, /default/i, `${schemaName}.${name}: its TSDoc does not give the default`);
      const value = spelled(schema[name]?.default);
      if (value !== undefined) assert.ok(doc.includes(value), `${schemaName}.${name}: the TSDoc does not say the default ${value}: ${doc}`);
    }
  }
  const declarations = new Set([...docs.keys()].flatMap((name) => Object.values(exported[name] as OptionSchema)));
  for (const method of library.METHODS) {
    for (const [name, declaration] of Object.entries(method.schema)) {
      assert.ok(declarations.has(declaration), `${method.name}.${name} is declared outside the exported schemas`);
    }
  }
});
