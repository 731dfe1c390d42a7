// What a TypeScript file imports, read with TypeScript's own parser (so comments and strings that
// look like imports are not counted): static imports and re-exports, import() calls and import types.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';

/** One import of a file. */
export interface ImportRecord {
  /** The module specifier as written, e.g. '../core/model.ts' or 'tfjs-saliency'. */
  readonly specifier: string;
  /** The absolute path a relative specifier points at; undefined for a package name. */
  readonly resolved: string | undefined;
  /** The names taken from the module as it exports them ('default', or '*' for a namespace, `export *` or import()). */
  readonly names: readonly string[];
  /** 1-based line of the import. */
  readonly line: number;
}

function namesOf(node: ts.ImportDeclaration | ts.ExportDeclaration): string[] {
  if (ts.isExportDeclaration(node)) {
    const clause = node.exportClause;
    if (!clause || ts.isNamespaceExport(clause)) return ['*'];
    return clause.elements.map((e) => (e.propertyName ?? e.name).text);
  }
  const clause = node.importClause;
  if (!clause) return [];
  const names = clause.name ? ['default'] : [];
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) names.push('*');
  if (bindings && ts.isNamedImports(bindings)) names.push(...bindings.elements.map((e) => (e.propertyName ?? e.name).text));
  return names;
}

/** Every import of `file` (static, re-export, dynamic import() with a literal, and import types). */
export function importsOf(file: string): ImportRecord[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const records: ImportRecord[] = [];
  const add = (specifier: string, names: string[], node: ts.Node): void => {
    const resolved = specifier.startsWith('.') ? resolve(dirname(file), specifier) : undefined;
    records.push({ specifier, resolved, names, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, namesOf(node), node);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteralLike(argument)) add(argument.text, ['*'], node);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      const qualifier = node.qualifier ? [ts.isIdentifier(node.qualifier) ? node.qualifier.text : node.qualifier.left.getText()] : ['*'];
      add(node.argument.literal.text, qualifier, node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return records;
}

/** The .ts files under `dir` (recursively), leaving out node_modules and build output (dist). */
export function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(path).isDirectory()) return typeScriptFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}
