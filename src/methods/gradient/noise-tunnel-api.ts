/**
 * The public noiseTunnel: the noise tunnel (noise-tunnel.ts) with method names looked up in the
 * registry. It sits above the registry, which lists the tunnel's own entries, so that neither
 * imports the other in a circle.
 */
import type { ModelInput } from '../../core/input.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import type { Attribution } from '../../core/result.ts';
import { getMethod } from '../registry.ts';
import { runNoiseTunnel, type NoiseTunnelOptions } from './noise-tunnel.ts';

/**
 * The inner method's maps averaged over noisy copies of each sample ('smoothgrad'), or the mean of
 * their squares ('smoothgrad_sq') or their variance ('vargrad'); see {@link NoiseTunnelOptions} for
 * the defaults (inner method 'saliency', 25 copies, sigma 0.15 of each sample's value range).
 * meta.extra: inner method, type, samples, sigmas (per input, per sample), seed. Each copy is
 * explained for the unit its original sample explains. `method` may be a registered name, a
 * registry entry or an attribution function such as `integratedGradients`.
 */
export function noiseTunnel(model: ExplainableModel | ModelAdapter, input: ModelInput, options: NoiseTunnelOptions = {}): Promise<Attribution> {
  return runNoiseTunnel(model, input, options, getMethod);
}
