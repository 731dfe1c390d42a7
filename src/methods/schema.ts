/**
 * One schema per method: each option declared once (kind, default, range, doc) and everything else
 * derived from it: the options type ({@link SchemaOptions}, which keeps each declaration's TSDoc),
 * the frozen defaults, the {@link OptionSpec} list the CLI and the explorer show, and
 * {@link resolveOptions}, the check at the top of every method function, so that a direct call, the
 * registry, the CLI and the explorer validate alike.
 */
import { SaliencyError } from '../core/errors.ts';
import type { OptionDeclaration } from './option-builders.ts';
import { fromText, type OptionSpec } from './options.ts';

export { option, type OptionDeclaration } from './option-builders.ts';

/** A method's options: name -> declaration. */
export type OptionSchema = Readonly<Record<string, OptionDeclaration>>;

/** The value type of a declaration. */
export type OptionValue<O> = O extends { check(value: unknown, name: string): infer T } ? T : never;

/** The options a method function takes: every declared option optional, with the declaration's TSDoc. */
export type SchemaOptions<S extends OptionSchema> = { readonly [K in keyof S]?: OptionValue<S[K]> };

/** What {@link resolveOptions} returns: options with a default are always set. */
export type ResolvedOptions<S extends OptionSchema> = {
  readonly [K in keyof S]: S[K] extends { readonly default: undefined } ? OptionValue<S[K]> | undefined : OptionValue<S[K]>;
};

/** The defaults of a schema: one entry per option that has a default. */
export type SchemaDefaults<S extends OptionSchema> = {
  readonly [K in keyof S as S[K] extends { readonly default: undefined } ? never : K]: OptionValue<S[K]>;
};

/** Options every method takes besides its declared ones, checked where they are used (openContext). */
export const COMMON_OPTIONS = ['target', 'softmax', 'backpropModifier', 'allowNonFinite', 'onProgress', 'signal', 'engine'] as const;

/** Freezes a schema; its type keeps each option's TSDoc for {@link SchemaOptions}. */
export function defineSchema<const S extends OptionSchema>(schema: S): S {
  return Object.freeze({ ...schema });
}

/** `schema` without the options `names` (e.g. options a registry entry fixes). */
export function omitOptions<S extends OptionSchema, K extends keyof S & string>(schema: S, ...names: readonly K[]): Omit<S, K> {
  return Object.freeze(Object.fromEntries(Object.entries(schema).filter(([name]) => !(names as readonly string[]).includes(name)))) as Omit<S, K>;
}

/** The defaults of `schema`, one frozen object. */
export function schemaDefaults<S extends OptionSchema>(schema: S): SchemaDefaults<S> {
  const entries = Object.entries(schema).filter(([, d]) => d.default !== undefined);
  return Object.freeze(Object.fromEntries(entries.map(([name, d]) => [name, d.default]))) as SchemaDefaults<S>;
}

/** The options of `schema` that have a text form, as the CLI and the explorer show them. */
export function optionSpecs(schema: OptionSchema): readonly OptionSpec[] {
  return Object.freeze(
    Object.entries(schema).flatMap(([name, d]) => {
      if (!d.form) return [];
      const shown = ['number', 'string', 'boolean'].includes(typeof d.default) ? (d.default as number | string | boolean) : null;
      return [Object.freeze({ name, ...d.form, default: shown, description: d.doc })];
    }),
  );
}

/**
 * Checks `given` against `schema` and returns every declared option, defaulted: what each method
 * function calls first. Unknown options (other than {@link COMMON_OPTIONS}) are refused with the
 * list of valid ones; `undefined` means "not given".
 */
export function resolveOptions<S extends OptionSchema>(schema: S, given: object | undefined, method: string): ResolvedOptions<S> {
  if (given !== undefined && (given === null || typeof given !== 'object')) {
    throw new SaliencyError('INVALID_ARGUMENT', `options: got ${String(given)}; expected an object of options of '${method}'`, 'options');
  }
  const values = (given ?? {}) as Readonly<Record<string, unknown>>;
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && !Object.hasOwn(schema, name) && !(COMMON_OPTIONS as readonly string[]).includes(name)) {
      throw new SaliencyError('INVALID_ARGUMENT', `${name}: not an option of '${method}'; its options are ${Object.keys(schema).join(', ') || '(none)'}`, name);
    }
  }
  const resolved = Object.entries(schema).map(([name, d]) => [name, values[name] === undefined ? d.default : d.check(values[name], name)]);
  return Object.fromEntries(resolved) as ResolvedOptions<S>;
}

/** `raw` with the text values of declared options converted ('50' -> 50); every other entry unchanged. */
export function optionsFromText(schema: OptionSchema, raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(raw).map(([name, value]) => {
      const d = Object.hasOwn(schema, name) ? schema[name] : undefined;
      if (!d || typeof value !== 'string') return [name, value];
      return [name, d.fromText ? d.fromText(value) : d.form ? fromText(d.form, value) : value];
    }),
  );
}
