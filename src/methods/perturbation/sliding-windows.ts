/**
 * Sliding windows over one sample (Captum's Occlusion): the window's extent per axis, its stride,
 * and the boxes it covers, with N-d iteration over the values inside a box.
 */
import { SaliencyError, check } from '../../core/errors.ts';
import { rowMajorStrides } from '../../core/row-major.ts';
import { describeForm, rejectOption, type OptionForm } from '../options.ts';
import { option, type OptionDeclaration } from '../schema.ts';

/** Window extents and strides above this are refused (a window is clamped to the input anyway). */
const MAX_EXTENT = 4096;
const EXTENT_FORM: OptionForm = { kind: 'integer', min: 1, max: MAX_EXTENT, step: 1 };
const isPositiveInteger = (value: unknown): boolean => typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_EXTENT;

/** A window extent or stride option: a positive integer for every axis, or a list of them for the leading axes; in text an integer. */
export function extentOption<D extends number>(doc: string, fallback: D): OptionDeclaration<number | readonly number[], true> {
  return option.custom<number | readonly number[], D>({
    doc,
    default: fallback,
    form: EXTENT_FORM,
    check: (value, name) =>
      isPositiveInteger(value) || (Array.isArray(value) && value.every(isPositiveInteger))
        ? (value as number | readonly number[])
        : rejectOption(name, value, `${describeForm(EXTENT_FORM)}, or a list of them (one per leading axis)`),
  });
}

/** A box inside a sample: its first corner and its extent per axis. */
export interface Box {
  readonly start: readonly number[];
  readonly size: readonly number[];
}

/**
 * The window's extent on each axis of a sample of `shape`, from a checked extent ({@link extentOption}). A number covers that many positions on
 * every axis but the last (channel) axis, which it covers whole (a rank-1 sample: its only axis),
 * clamped to each axis' size. A list gives the extent of the leading axes; the axes it leaves out
 * are covered whole.
 */
export function resolveWindow(spec: number | readonly number[], shape: readonly number[], argument = 'window'): number[] {
  if (typeof spec === 'number') {
    return shape.map((d, axis) => (axis === shape.length - 1 && shape.length > 1 ? d : Math.min(spec, d)));
  }
  check(Array.isArray(spec) && spec.length <= shape.length, argument, `expected a number or at most ${shape.length} sizes for a sample of shape [${shape}]`);
  return shape.map((d, axis) => {
    const size = spec[axis] ?? d;
    if (size > d) throw new SaliencyError('INVALID_ARGUMENT', `${argument}: ${size} on axis ${axis} is larger than the sample's ${d}; sample shape is [${shape}]`, argument);
    return size;
  });
}

/** The stride on each axis, from a checked extent: a number for every axis, or a list for the leading axes (the rest 1). */
export function resolveStride(spec: number | readonly number[], shape: readonly number[], argument = 'stride'): number[] {
  if (typeof spec === 'number') return shape.map(() => spec);
  check(Array.isArray(spec) && spec.length <= shape.length, argument, `expected a number or at most ${shape.length} strides for a sample of shape [${shape}]`);
  return shape.map((_, axis) => spec[axis] ?? 1);
}

/** Window positions per axis: floor((size - window) / stride) + 1 (Captum). */
export function windowCounts(shape: readonly number[], window: readonly number[], stride: readonly number[]): number[] {
  return shape.map((d, axis) => Math.floor((d - (window[axis] as number)) / (stride[axis] as number)) + 1);
}

/** The box of window number `index` (row-major over the window positions). */
export function windowBox(index: number, counts: readonly number[], window: readonly number[], stride: readonly number[]): Box {
  const start = new Array<number>(counts.length);
  let rest = index;
  for (let axis = counts.length - 1; axis >= 0; axis--) {
    const count = counts[axis] as number;
    start[axis] = (rest % count) * (stride[axis] as number);
    rest = Math.floor(rest / count);
  }
  return { start, size: window };
}

/** Calls `visit` with the flat (row-major) index of every value of `box` in a sample of `shape`. */
export function forEachInBox(shape: readonly number[], box: Box, visit: (flat: number) => void): void {
  const rank = shape.length;
  if (rank === 0) return visit(0);
  const strides = rowMajorStrides(shape);
  const walk = (axis: number, offset: number): void => {
    const from = box.start[axis] as number;
    const to = from + (box.size[axis] as number);
    const step = strides[axis] as number;
    if (axis === rank - 1) {
      for (let i = from; i < to; i++) visit(offset + i * step);
      return;
    }
    for (let i = from; i < to; i++) walk(axis + 1, offset + i * step);
  };
  walk(0, 0);
}
