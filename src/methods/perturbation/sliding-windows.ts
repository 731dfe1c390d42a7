/**
 * Sliding windows over one sample (Captum's Occlusion): the window's extent per axis, its stride,
 * and the boxes it covers, with N-d iteration over the values inside a box.
 */
import { SaliencyError, check } from '../../core/errors.ts';
import { rowMajorStrides } from '../../core/row-major.ts';
import { describeForm, rejectOption, type OptionForm } from '../options.ts';
import { option, type OptionDeclaration } from '../schema.ts';
import { AUTO } from './auto-sizes.ts';

/** Window extents and strides above this are refused (a window is clamped to the input anyway). */
const MAX_EXTENT = 4096;
const EXTENT_FORM: OptionForm = { kind: 'integer', min: 1, max: MAX_EXTENT, step: 1 };
const isPositiveInteger = (value: unknown): boolean => typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_EXTENT;

/** A window extent or stride: a positive integer for every axis, a list of them for the leading axes, or 'auto' (resolved from the sample's size). */
export type Extent = number | readonly number[] | typeof AUTO;

/**
 * A window extent or stride option: a positive integer for every axis, a list of them for the
 * leading axes, or 'auto' (the default: sized from the input, see auto-sizes.ts); in text an
 * integer or 'auto'.
 */
export function extentOption(doc: string): OptionDeclaration<Extent, true> {
  return option.custom<Extent, typeof AUTO>({
    doc,
    default: AUTO,
    form: EXTENT_FORM,
    check: (value, name) =>
      value === AUTO || isPositiveInteger(value) || (Array.isArray(value) && value.every(isPositiveInteger))
        ? (value as Extent)
        : rejectOption(name, value, `'${AUTO}', ${describeForm(EXTENT_FORM)}, or a list of them (one per leading axis)`),
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

/**
 * The stride on each axis, from a checked extent: a number for every axis, or a list for the leading
 * axes (the rest 1). As in Captum, a stride larger than the window is refused on every axis the window
 * does not cover whole (it would skip values); `window` is the resolved window ({@link resolveWindow}).
 */
export function resolveStride(
  spec: number | readonly number[],
  shape: readonly number[],
  window: readonly number[],
  argument = 'stride',
): number[] {
  if (typeof spec !== 'number') {
    check(Array.isArray(spec) && spec.length <= shape.length, argument, `expected a number or at most ${shape.length} strides for a sample of shape [${shape}]`);
  }
  const stride = shape.map((_, axis) => (typeof spec === 'number' ? spec : (spec[axis] ?? 1)));
  shape.forEach((d, axis) => {
    const w = window[axis] as number;
    const s = stride[axis] as number;
    if (w < d && s > w) {
      throw new SaliencyError(
        'INVALID_ARGUMENT',
        `${argument}: ${s} on axis ${axis} is larger than the window's ${w}, so values between windows would never be occluded; ` +
          `use a stride of at most ${w} (window [${window}], sample shape [${shape}])`,
        argument,
      );
    }
  });
  return stride;
}

/**
 * Window positions per axis: ceil((size - window) / stride) + 1, as Captum's Occlusion, so the
 * windows reach the far edge; the last one is cut at the edge when the stride does not tile the axis.
 */
export function windowCounts(shape: readonly number[], window: readonly number[], stride: readonly number[]): number[] {
  return shape.map((d, axis) => Math.ceil((d - (window[axis] as number)) / (stride[axis] as number)) + 1);
}

/** The box of window number `index` (row-major over the window positions) in a sample of `shape`, cut at its far edge. */
export function windowBox(
  index: number,
  counts: readonly number[],
  window: readonly number[],
  stride: readonly number[],
  shape: readonly number[],
): Box {
  const start = new Array<number>(counts.length);
  const size = new Array<number>(counts.length);
  let rest = index;
  for (let axis = counts.length - 1; axis >= 0; axis--) {
    const count = counts[axis] as number;
    start[axis] = (rest % count) * (stride[axis] as number);
    size[axis] = Math.min(window[axis] as number, (shape[axis] as number) - (start[axis] as number));
    rest = Math.floor(rest / count);
  }
  return { start, size };
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
