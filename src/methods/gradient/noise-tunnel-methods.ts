/**
 * Registry entries of the noise tunnel: 'smoothgrad', 'smoothgrad-sq' and 'vargrad'. Options that
 * are not the tunnel's own go to the inner method (named by `method`), which checks them. The
 * registry builds these entries and hands them its lookup, so this file never imports it.
 */
import { COMMON_OPTIONS, type MethodDefinition } from '../definition.ts';
import { parseOptions, type OptionSpec } from '../options.ts';
import {
  DEFAULT_NOISE_SAMPLES,
  DEFAULT_NOISE_SCALE,
  DEFAULT_NOISE_SEED,
  DEFAULT_NOISE_SIGMA,
  DEFAULT_NOISE_TUNNEL_METHOD,
  DEFAULT_SAMPLES_BATCH_SIZE,
  NOISE_SCALES,
  runNoiseTunnel,
  type NoiseTunnelOptions,
  type NoiseTunnelType,
} from './noise-tunnel.ts';
import type { MethodLookup } from './inner-method.ts';

const TUNNEL_OPTIONS: readonly OptionSpec[] = [
  { name: 'method', kind: 'string', default: DEFAULT_NOISE_TUNNEL_METHOD, description: 'The registered method run on the noisy copies; its options may be given too.' },
  { name: 'samples', kind: 'integer', default: DEFAULT_NOISE_SAMPLES, min: 1, max: 1000, step: 1, description: 'Noisy copies per sample.' },
  { name: 'sigma', kind: 'number', default: DEFAULT_NOISE_SIGMA, min: 0, max: 10, step: 0.01, description: 'Noise standard deviation (a fraction of the value range, or absolute).' },
  { name: 'noiseScale', kind: 'choice', default: DEFAULT_NOISE_SCALE, choices: NOISE_SCALES, description: "'range': sigma times each sample's max - min; 'absolute': sigma as given." },
  { name: 'samplesBatchSize', kind: 'integer', default: DEFAULT_SAMPLES_BATCH_SIZE, min: 1, max: 1000, step: 1, description: 'Noisy copies per call of the inner method (bounds memory).' },
  { name: 'seed', kind: 'integer', default: DEFAULT_NOISE_SEED, description: 'Seed of the noise.' },
];

function tunnelMethod(name: string, title: string, type: NoiseTunnelType, summary: string, lookup: MethodLookup): MethodDefinition {
  return {
    name,
    title,
    family: 'gradient',
    summary,
    options: TUNNEL_OPTIONS,
    mapShape: 'input',
    randomized: true,
    needsSpatialLayer: false,
    takesBackpropModifier: true,
    run: async (model, input, raw = {}) => {
      const own: Record<string, unknown> = {};
      const common: Record<string, unknown> = {};
      const methodOptions: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(raw)) {
        const bucket = TUNNEL_OPTIONS.some((s) => s.name === key) ? own : (COMMON_OPTIONS as readonly string[]).includes(key) ? common : methodOptions;
        bucket[key] = value;
      }
      const options = { ...common, ...parseOptions(TUNNEL_OPTIONS, own, name), methodOptions, type } as NoiseTunnelOptions;
      return runNoiseTunnel(model, input, options, lookup);
    },
  };
}

/** The three registry entries of the noise tunnel, finding inner methods by name with `lookup`. */
export function noiseTunnelMethods(lookup: MethodLookup): { smoothGrad: MethodDefinition; smoothGradSquared: MethodDefinition; varGrad: MethodDefinition } {
  return {
    smoothGrad: tunnelMethod('smoothgrad', 'SmoothGrad', 'smoothgrad', 'Any method averaged over noisy copies of the input.', lookup),
    smoothGradSquared: tunnelMethod('smoothgrad-sq', 'SmoothGrad²', 'smoothgrad_sq', 'The mean of squared maps over noisy copies of the input.', lookup),
    varGrad: tunnelMethod('vargrad', 'VarGrad', 'vargrad', 'The variance of the maps over noisy copies of the input.', lookup),
  };
}
