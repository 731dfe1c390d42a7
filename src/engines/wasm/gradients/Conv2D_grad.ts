/**
 * The engine's override of Conv2D's gradient: dilated convolutions, which stock TF.js cannot differentiate.
 */
import { dilatedConv, type GradientOverride } from './override.ts';

/** Conv2D's gradient for dilation > 1 through the engine's backprop kernels; stock otherwise. */
export const conv2DGradient: GradientOverride = { kernelName: 'Conv2D', fast: dilatedConv('conv2d') };
