/**
 * Rectifier gates that stay in ORT's blocked NCHWc layout. ORT runs convolutions on channel blocks of
 * 8 and converts a tensor back to plain NCHW for any op it has no blocked kernel for, such as the
 * comparisons of a gate [0 < x <= 6]: two layout passes per gate (MobileNet v1: 9.5 of 33 ms per map).
 * Here the gates are 0/1 masks made by depthwise 1x1 Convs with a fused Clip(0, 1), which ORT keeps
 * blocked, multiplied in (Mul of two blocked tensors stays blocked):
 *   [x > 0]    = clip(2^127·x, 0, 1), exact for every x except positive denormals below 2^-127;
 *   [x <= max] = clip(a·(max − x) + 1, 0, 1) with a = 1/ulp(max), exact: a·x and a·max are exact
 *                (a power of 2), a·max + 1 < 2^24 is exact, and a float above max differs by >= ulp(max).
 * Browser-safe.
 */
import type { BackwardContext } from './types.ts';

/**
 * ORT's NCHWc channel block (8 with AVX2): its blocked convolutions need whole blocks of input channels
 * and pad output channels up to one.
 */
export const NCHWC_BLOCK = 8;

/** The channel count of `x` when it is a rank-4 NCHW tensor whose channels fill whole blocks, else null. */
export function blockedChannels(ctx: BackwardContext, x: string): number | null {
  const shape = ctx.shape(x);
  const channels = shape?.length === 4 ? shape[1] : undefined;
  return typeof channels === 'number' && channels > 0 && channels % NCHWC_BLOCK === 0 ? channels : null;
}

/** clip(w·x + bias, 0, 1) per channel of the C-channel `x`: a depthwise 1x1 Conv ORT fuses with the Clip. */
function clippedAffine(ctx: BackwardContext, x: string, channels: number, w: number, bias: number): string {
  const { b } = ctx;
  const weight = b.constant(new Float32Array(channels).fill(w), [channels, 1, 1, 1], 'gate_w');
  const shift = b.constant(new Float32Array(channels).fill(bias), [channels], 'gate_b');
  const affine = b.op('Conv', [x, weight, shift], { group: channels, kernel_shape: [1, 1] });
  return b.op('Clip', [affine, b.scalar(0), b.scalar(1)]);
}

/** [x > 0] as 0/1 floats in the blocked layout (see the file header for exactness). */
export function positiveMask(ctx: BackwardContext, x: string, channels: number): string {
  return clippedAffine(ctx, x, channels, 2 ** 127, 0);
}

/** [x <= max] as 0/1 floats in the blocked layout, for a finite max > 0. */
export function capMask(ctx: BackwardContext, x: string, channels: number, max: number): string {
  const a = 2 ** (23 - Math.floor(Math.log2(max)));
  return clippedAffine(ctx, x, channels, -a, max * a + 1);
}

/**
 * Rewrites the forward Clip computing `y` as Clip(identity depthwise Conv(x)): ORT then runs it as one
 * blocked Conv with a fused Clip, where a Clip on a tensor that a gate also reads runs unblocked.
 */
export function blockedClip(ctx: BackwardContext, y: string, channels: number): void {
  const ones = ctx.b.constant(new Float32Array(channels).fill(1), [channels, 1, 1, 1], 'identity_w');
  ctx.b.interpose(y, 0, 'Conv', [ones], { group: channels, kernel_shape: [1, 1] });
}
