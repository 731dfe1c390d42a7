// Option values that depend on the input's size: the registry's defaults suit MNIST-sized inputs, but
// occlusion with a stride of 1 on a 224x224 image runs the model 44,000 times.

/** Positions a side that occlusion is given on large inputs (the stride follows from it). */
const OCCLUSION_POSITIONS = 28;
/** Inputs up to this many pixels a side keep the registry's defaults. */
const SMALL_SIDE = 64;

/** Option values for `method` on an input `side` pixels a side (the larger of height and width); {} keeps the defaults. */
export function inputSizedOptions(method: string, side: number): Readonly<Record<string, number>> {
  if (side <= SMALL_SIDE) return {};
  if (method === 'occlusion') {
    const window = Math.round(side / 15);
    return { window, stride: Math.max(1, Math.ceil((side - window + 1) / OCCLUSION_POSITIONS)) };
  }
  return {};
}
