/**
 * The engine's override of DepthwiseConv2dNative's gradient: dilated convolutions, which stock TF.js cannot differentiate.
 */
import { dilatedConv, type GradientOverride } from './override.ts';

/** DepthwiseConv2dNative's gradient for dilation > 1 through the engine's backprop kernels; stock otherwise. */
export const depthwiseConv2dNativeGradient: GradientOverride = { kernelName: 'DepthwiseConv2dNative', fast: dilatedConv('depthwise') };
