/**
 * The fenced patch of tf.fused.{conv2d, depthwiseConv2d, matMul}: tfjs-layers' Conv2D,
 * DepthwiseConv2D and Dense layers call them through the mutable `tf.fused` object, and the patch
 * is how their gradients reach the engine outside the executor's folded chains. Where TF.js is
 * loaded as unbundled ES modules `tf.fused` is a read-only namespace and the patch cannot apply.
 */
import * as tf from '@tensorflow/tfjs';
import {
  fusedConvFits, fusedMatMulFits, runFusedConv, runFusedMatMul, type FusedConvArgs, type FusedDepthwiseArgs, type FusedMatMulArgs,
} from '../fused-calls.ts';

interface FusedOps {
  conv2d: typeof tf.fused.conv2d;
  depthwiseConv2d: typeof tf.fused.depthwiseConv2d;
  matMul: typeof tf.fused.matMul;
}

/**
 * Replaces tf.fused.conv2d / depthwiseConv2d / matMul with versions that, while `active()` and a
 * gradient is being recorded, run the fused kernel itself so the engine's lazy registered gradient
 * applies (fused-calls.ts). Returns the function that puts the very same stock functions back.
 * Throws, changing nothing, where `tf.fused` is read-only.
 */
export function patchFusedOps(active: () => boolean): () => void {
  const fused = tf.fused as unknown as FusedOps;
  const stock: FusedOps = { conv2d: fused.conv2d, depthwiseConv2d: fused.depthwiseConv2d, matMul: fused.matMul };
  const recording = () => active() && tf.engine().state.gradientDepth > 0;
  const patched: FusedOps = {
    conv2d: ((a: FusedConvArgs) => (recording() && fusedConvFits(a) ? runFusedConv('FusedConv2D', a) : stock.conv2d(a))) as typeof tf.fused.conv2d,
    depthwiseConv2d: ((a: FusedDepthwiseArgs) =>
      recording() && fusedConvFits(a) ? runFusedConv('FusedDepthwiseConv2D', a) : stock.depthwiseConv2d(a)) as typeof tf.fused.depthwiseConv2d,
    matMul: ((a: FusedMatMulArgs) => (recording() && fusedMatMulFits(a) ? runFusedMatMul(a) : stock.matMul(a))) as typeof tf.fused.matMul,
  };
  const restore = () => {
    for (const name of Object.keys(stock) as (keyof FusedOps)[]) {
      if (fused[name] !== stock[name]) (fused as unknown as Record<string, unknown>)[name] = stock[name];
    }
  };
  try {
    Object.assign(fused, patched);
  } catch (error) {
    restore();
    throw error;
  }
  return restore;
}
