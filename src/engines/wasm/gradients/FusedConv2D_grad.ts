/**
 * Gradient of FusedConv2D (registered by the engine; stock TF.js registers none).
 */
import { fusedConvGradient } from './fused-grad.ts';

/** FusedConv2D's gradient (NHWC, activation linear/relu/relu6), each input's gradient only when asked for. */
export const fusedConv2DGradient = fusedConvGradient('FusedConv2D', 'conv2d');
