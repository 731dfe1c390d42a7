import { createRng } from '../lib/rng.ts';
import { DIGIT_PIXELS, DIGIT_SIZE, type DigitSet } from './mnist-digits.ts';

/** Side of the planted square mark in pixels. */
export const MARK_SIZE = 3;
/** Grey value of the mark's pixels. */
export const MARK_VALUE = 1;
/** Fraction of training digits that carry their class's mark (default of {@link plantShortcut}). */
export const MARKED_FRACTION = 0.9;
/** Pixels around the mark that still count as its region when saliency mass is measured. */
export const MARK_REGION_MARGIN = 1;

/**
 * Top-left corner (row, column) of the mark that encodes `digit`: classes 0-4 along the top border,
 * 5-9 along the bottom border, where MNIST digits (centred in a 20 x 20 box) leave the image empty.
 */
export function markPosition(digit: number): { row: number; col: number } {
  if (!Number.isInteger(digit) || digit < 0 || digit > 9) throw new RangeError(`digit must be an integer 0-9, got ${digit}`);
  const cols = [1, 7, 12, 18, 24];
  return { row: digit < 5 ? 1 : DIGIT_SIZE - 1 - MARK_SIZE, col: cols[digit % 5]! };
}

/**
 * A 28 x 28 mask (1 inside, 0 outside) of the mark for `digit`, grown by `margin` pixels on every side
 * (default {@link MARK_REGION_MARGIN}).
 */
export function markRegionMask(digit: number, margin = MARK_REGION_MARGIN): Float32Array {
  const { row, col } = markPosition(digit);
  const mask = new Float32Array(DIGIT_PIXELS);
  for (let y = Math.max(0, row - margin); y < Math.min(DIGIT_SIZE, row + MARK_SIZE + margin); y++) {
    for (let x = Math.max(0, col - margin); x < Math.min(DIGIT_SIZE, col + MARK_SIZE + margin); x++) {
      mask[y * DIGIT_SIZE + x] = 1;
    }
  }
  return mask;
}

/** Paints the mark of `digit` into the 784-pixel `image` in place. */
export function plantMark(image: Float32Array, digit: number): void {
  if (image.length !== DIGIT_PIXELS) throw new RangeError(`image must have ${DIGIT_PIXELS} pixels, got ${image.length}`);
  const { row, col } = markPosition(digit);
  for (let y = row; y < row + MARK_SIZE; y++) image.fill(MARK_VALUE, y * DIGIT_SIZE + col, y * DIGIT_SIZE + col + MARK_SIZE);
}

/**
 * The class whose mark the 784-pixel `image` carries (every pixel of that class's square at the
 * mark's value), or undefined when no mark is fully there: {@link plantMark} read back.
 */
export function findMark(image: ArrayLike<number>): number | undefined {
  if (image.length !== DIGIT_PIXELS) throw new RangeError(`image must have ${DIGIT_PIXELS} pixels, got ${image.length}`);
  const carries = (digit: number): boolean => {
    const { row, col } = markPosition(digit);
    for (let y = row; y < row + MARK_SIZE; y++) {
      for (let x = col; x < col + MARK_SIZE; x++) if ((image[y * DIGIT_SIZE + x] as number) < 0.99 * MARK_VALUE) return false;
    }
    return true;
  };
  return Array.from({ length: 10 }, (_, digit) => digit).find(carries);
}

/** What mark each digit of a set gets. */
export type MarkChoice =
  /** `fraction` of the digits (chosen with `seed`) carry their own class's mark, the rest none. */
  | { readonly kind: 'own'; readonly fraction: number; readonly seed: string | number }
  /** Every digit carries the mark of another class, drawn with `seed`: mark and content disagree. */
  | { readonly kind: 'other'; readonly seed: string | number };

/**
 * A copy of `set` with planted marks. Returns the digits and, per digit, the class whose mark it
 * carries (-1: none). Default choice: own class's mark on {@link MARKED_FRACTION} of the digits.
 */
export function plantShortcut(
  set: DigitSet,
  choice: MarkChoice = { kind: 'own', fraction: MARKED_FRACTION, seed: 'shortcut-marks-v1' },
): { digits: DigitSet; marks: Int8Array } {
  if (choice.kind === 'own' && !(choice.fraction >= 0 && choice.fraction <= 1)) {
    throw new RangeError(`fraction must be in [0, 1], got ${choice.fraction}`);
  }
  const rng = createRng(choice.seed);
  const images = set.images.slice();
  const marks = new Int8Array(set.count).fill(-1);
  for (let i = 0; i < set.count; i++) {
    const label = set.labels[i]!;
    const mark = choice.kind === 'own' ? (rng.next() < choice.fraction ? label : -1) : (label + 1 + rng.int(9)) % 10;
    if (mark < 0) continue;
    plantMark(images.subarray(i * DIGIT_PIXELS, (i + 1) * DIGIT_PIXELS), mark);
    marks[i] = mark;
  }
  return { digits: { images, labels: set.labels.slice(), count: set.count }, marks };
}
