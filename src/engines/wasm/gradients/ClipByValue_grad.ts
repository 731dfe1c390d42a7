/**
 * The engine's override of ClipByValue's gradient.
 */
import { clipGate } from '../kernels/gate.ts';
import { gated, type GradientOverride } from './override.ts';

/** ClipByValue's gradient in one gate pass: dy where lo <= x <= hi, else 0. */
export const clipByValueGradient: GradientOverride = { kernelName: 'ClipByValue', fast: gated((attrs) => clipGate(attrs['clipValueMin'] as number, attrs['clipValueMax'] as number)) };
