/**
 * Where the planted mark of the bundled shortcut model sits: a 3 x 3 white square whose position
 * along the top (classes 0-4) or bottom (5-9) border of the 28 x 28 digit encodes the class. This
 * mirrors markPosition() / markRegionMask() in models/data/shortcut-digits.ts (which the compiled
 * CLI cannot import); test/demo keeps the two equal.
 */

/** Side of a digit image. */
export const DIGIT_SIDE = 28;
/** Side of the planted mark. */
export const MARK_SIDE = 3;
/** Pixels around the mark that still count as its region when saliency mass is measured. */
export const MARK_MARGIN = 1;
const MARK_COLUMNS = [1, 7, 12, 18, 24];

/** Top-left corner (row, column) of the mark of class `digit` (0-9). */
export function markCorner(digit: number): { readonly row: number; readonly col: number } {
  if (!Number.isInteger(digit) || digit < 0 || digit > 9) throw new RangeError(`digit: expected an integer 0-9, got ${digit}`);
  return { row: digit < 5 ? 1 : DIGIT_SIDE - 1 - MARK_SIDE, col: MARK_COLUMNS[digit % 5] as number };
}

/** A 28 x 28 0/1 mask of the mark of class `digit`, grown by `margin` pixels on every side (default {@link MARK_MARGIN}). */
export function markRegion(digit: number, margin = MARK_MARGIN): Uint8Array {
  const { row, col } = markCorner(digit);
  const mask = new Uint8Array(DIGIT_SIDE * DIGIT_SIDE);
  for (let y = Math.max(0, row - margin); y < Math.min(DIGIT_SIDE, row + MARK_SIDE + margin); y++) {
    mask.fill(1, y * DIGIT_SIDE + Math.max(0, col - margin), y * DIGIT_SIDE + Math.min(DIGIT_SIDE, col + MARK_SIDE + margin));
  }
  return mask;
}

/** The class whose mark `pixels` (784 grey values in [0, 1]) carries, or undefined when no mark is fully there. */
export function findMark(pixels: ArrayLike<number>): number | undefined {
  if (pixels.length !== DIGIT_SIDE * DIGIT_SIDE) throw new RangeError(`pixels: expected ${DIGIT_SIDE * DIGIT_SIDE} values, got ${pixels.length}`);
  const carries = (digit: number): boolean => {
    const { row, col } = markCorner(digit);
    for (let y = row; y < row + MARK_SIDE; y++) {
      for (let x = col; x < col + MARK_SIDE; x++) if ((pixels[y * DIGIT_SIDE + x] as number) < 0.99) return false;
    }
    return true;
  };
  return Array.from({ length: 10 }, (_, digit) => digit).find(carries);
}
