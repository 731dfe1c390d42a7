/**
 * The wasm engine as the executor sees it (core/engine.ts): while its fast paths act and a gradient
 * is recorded, a folded conv -> BatchNorm [-> ReLU] chain runs as the fused kernel itself, so the
 * engine's lazy fused gradient applies. It offers no gradient program: TF.js's tape runs the
 * backward pass on the engine's kernels and gradients.
 */
import type { Engine, FoldedConvolution } from '../../core/engine.ts';
import { fusedConvFits, recordingOnEngine, runFusedConv, type FusedConvArgs } from './fused-calls.ts';

/** `op` as tf.fused's arguments (the same object tfjs-layers would pass). */
function fusedArgs(op: FoldedConvolution): FusedConvArgs {
  const { x, filter, bias, strides, pad, activation } = op;
  return op.kind === 'depthwise'
    ? { x, filter, bias, strides, pad, dataFormat: 'NHWC', activation }
    : { x, filter, bias, strides, pad, dilations: op.dilations ?? [1, 1], dataFormat: 'NHWC', activation };
}

/** The wasm engine's executor hook. */
export const WASM_ENGINE: Engine = {
  name: 'wasm',
  convolution(op) {
    if (!recordingOnEngine()) return null;
    const args = fusedArgs(op);
    return fusedConvFits(args) ? runFusedConv(op.kind === 'conv2d' ? 'FusedConv2D' : 'FusedDepthwiseConv2D', args) : null;
  },
};
