/**
 * One schema per method: each option declared once (kind, default, range, doc) and everything else
 * derived from it: the options type ({@link SchemaOptions}, which keeps each declaration's TSDoc),
 * the frozen defaults, the {@link OptionSpec} list the CLI and the explorer show, and
 * {@link resolveOptions}, the check at the top of every method function, so that a direct call, the
 * registry, the CLI and the explorer validate alike.
 */
import { SaliencyError } from '../core/errors.ts';
import type { LayerRef } from '../core/layers.ts';
import { checkFormValue, fromText, type OptionForm, type OptionKind, type OptionSpec } from './options.ts';

/**
 * One declared option. `T` is the value a method function takes; `D` says whether there is a
 * default. Build declarations with {@link option}.
 */
export interface OptionDeclaration<T = unknown, D extends boolean = boolean> {
  /** A plain kind, or 'custom': values the declaration's own check knows (tensors, lists, functions ...). */
  readonly kind: OptionKind | 'custom';
  /** One line for help texts and tooltips. */
  readonly doc: string;
  /** The default value; undefined when there is none (e.g. "found automatically"). */
  readonly default: D extends true ? T : undefined;
  /** How the option appears in text (CLI, explorer); undefined: not shown there (tensors, functions ...). */
  readonly form: OptionForm | undefined;
  /** Checks a given value (never undefined) and returns it; throws SaliencyError INVALID_ARGUMENT naming `name`. */
  check(value: unknown, name: string): T;
  /** Converts text (a CLI value, a form field) into a value. Default: by {@link form} ({@link fromText}). */
  readonly fromText?: (text: string) => unknown;
}

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
export const COMMON_OPTIONS = ['target', 'softmax', 'backpropModifier', 'onProgress', 'signal'] as const;

type HasDefault<D> = D extends undefined ? false : true;
interface Described<D> {
  /** One line for help texts and tooltips. */
  readonly doc: string;
  readonly default?: D;
}
interface Bounds {
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
}

function declare<T, D extends boolean>(kind: OptionKind | 'custom', form: OptionForm | undefined, spec: Described<unknown>, check: (value: unknown, name: string) => T): OptionDeclaration<T, D> {
  return Object.freeze({ kind, doc: spec.doc, default: spec.default as OptionDeclaration<T, D>['default'], form: form && Object.freeze(form), check });
}

function plain<T, D extends boolean>(form: OptionForm, spec: Described<unknown>): OptionDeclaration<T, D> {
  return declare<T, D>(form.kind, form, spec, (value, name) => checkFormValue(form, value, name) as T);
}

/** Builders of {@link OptionDeclaration}s, one per kind. */
export const option = {
  /** An integer in [min, max] (a slider step of 1 unless given). */
  integer<D extends number | undefined = undefined>(spec: Described<D> & Bounds): OptionDeclaration<number, HasDefault<D>> {
    return plain({ kind: 'integer', ...bounds(spec), step: spec.step ?? 1 }, spec);
  },
  /** A finite number in [min, max]. */
  number<D extends number | undefined = undefined>(spec: Described<D> & Bounds): OptionDeclaration<number, HasDefault<D>> {
    return plain({ kind: 'number', ...bounds(spec), ...(spec.step !== undefined ? { step: spec.step } : {}) }, spec);
  },
  /** true or false. */
  boolean<D extends boolean | undefined = undefined>(spec: Described<D>): OptionDeclaration<boolean, HasDefault<D>> {
    return plain({ kind: 'boolean' }, spec);
  },
  /** One of `choices`. */
  choice<const C extends string, D extends C | undefined = undefined>(choices: readonly C[], spec: Described<D>): OptionDeclaration<C, HasDefault<D>> {
    return plain({ kind: 'choice', choices: Object.freeze([...choices]) }, spec);
  },
  /** A layer by index, name, nested path or object (no default: the method finds one or uses the input). */
  layer(spec: Described<undefined>): OptionDeclaration<LayerRef, false> {
    return plain({ kind: 'layer' }, spec);
  },
  /** A non-empty string. */
  string<D extends string | undefined = undefined>(spec: Described<D>): OptionDeclaration<string, HasDefault<D>> {
    return plain({ kind: 'string' }, spec);
  },
  /**
   * A value only `check` knows (tensors, lists, functions ...). `form` is how it appears in text, if
   * it has a text form (the CLI and the explorer show only those); `fromText` overrides the
   * conversion of text by that form.
   */
  custom<T, D extends T | undefined = undefined>(
    spec: Described<D> & { readonly form?: OptionForm; readonly fromText?: (text: string) => unknown; check(value: unknown, name: string): T },
  ): OptionDeclaration<T, HasDefault<D>> {
    const declaration = declare<T, HasDefault<D>>('custom', spec.form, spec, spec.check);
    return spec.fromText ? Object.freeze({ ...declaration, fromText: spec.fromText }) : declaration;
  },
};

function bounds(spec: Bounds): Bounds {
  return { ...(spec.min !== undefined ? { min: spec.min } : {}), ...(spec.max !== undefined ? { max: spec.max } : {}) };
}

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
