/**
 * The engine's override of Relu's gradient.
 */
import { RELU_GATE } from '../kernels/gate.ts';
import { gated, type GradientOverride } from './override.ts';

/** Relu's gradient in one gate pass: dy * step(x) (stock: 2 to 4 full-size kernels). */
export const reluGradient: GradientOverride = { kernelName: 'Relu', fast: gated(() => RELU_GATE) };
