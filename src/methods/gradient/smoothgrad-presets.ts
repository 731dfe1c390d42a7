/** Noise tunnel settings that reproduce each peer's SmoothGrad by name. */
import type { NoiseTunnelOptions } from './noise-tunnel.ts';

/**
 * Peers' SmoothGrad defaults, to spread into {@link NoiseTunnelOptions}:
 * `noiseTunnel(model, x, { ...smoothGradPresets.pair, method: 'integrated-gradients' })`.
 * - `tfKerasVis`: tf-keras-vis Saliency with smoothing: sigma 0.20 x (max - min) per sample, the
 *   mean of |gradient|, 20 samples (tf-keras-vis has no default: 0 means no smoothing; 20 is what
 *   its examples use). Its max over channels and min-max normalisation are rendering steps.
 * - `pair`: PAIR saliency GetSmoothedMask: sigma 0.15 x (max - min), 25 samples, the mean of
 *   squares (magnitude=True); wraps whatever method is given.
 * - `captum`: Captum NoiseTunnel: absolute sigma 1.0, 5 samples, the mean.
 * - `innvestigate`: iNNvestigate smoothgrad: absolute sigma 1.0, 64 samples, the mean.
 */
export const smoothGradPresets = {
  tfKerasVis: {
    method: 'saliency',
    methodOptions: { gradModifier: 'absolute' },
    type: 'smoothgrad',
    samples: 20,
    sigma: 0.2,
    noiseScale: 'range',
  },
  pair: { type: 'smoothgrad_sq', samples: 25, sigma: 0.15, noiseScale: 'range' },
  captum: { type: 'smoothgrad', samples: 5, sigma: 1, noiseScale: 'absolute' },
  innvestigate: { type: 'smoothgrad', samples: 64, sigma: 1, noiseScale: 'absolute' },
} as const satisfies Record<string, NoiseTunnelOptions>;
