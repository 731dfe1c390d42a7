/**
 * The engine's override of Relu6's gradient.
 */
import { RELU6_GATE } from '../kernels/gate.ts';
import { gated, type GradientOverride } from './override.ts';

/** Relu6's gradient in one gate pass: dy * [0 < x <= 6]. */
export const relu6Gradient: GradientOverride = { kernelName: 'Relu6', fast: gated(() => RELU6_GATE) };
