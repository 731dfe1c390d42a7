/**
 * Declaring one option: {@link OptionDeclaration} (kind, default, range, doc, check) and the
 * {@link option} builders, one per kind, that make them. Schemas (schema.ts) are objects of these.
 */
import type { LayerRef } from '../core/layers.ts';
import { checkFormValue, type OptionForm, type OptionKind } from './options.ts';

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
