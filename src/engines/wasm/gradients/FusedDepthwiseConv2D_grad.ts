/**
 * Gradient of FusedDepthwiseConv2D (registered by the engine; stock TF.js registers none).
 */
import { fusedConvGradient } from './fused-grad.ts';

/** FusedDepthwiseConv2D's gradient (NHWC, activation linear/relu/relu6), each input's gradient only when asked for. */
export const fusedDepthwiseConv2DGradient = fusedConvGradient('FusedDepthwiseConv2D', 'depthwise');
