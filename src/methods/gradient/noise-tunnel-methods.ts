/**
 * Registry entries of the noise tunnel: 'smoothgrad', 'smoothgrad-sq' and 'vargrad'. Each fixes the
 * reduction (`type`); options that are not the tunnel's own go to the inner method (named by
 * `method`), which checks them. The registry builds these entries and hands them its lookup, so
 * this file never imports it.
 */
import { defineMethod, type MethodDefinition } from '../definition.ts';
import { COMMON_OPTIONS, omitOptions, resolveOptions } from '../schema.ts';
import type { MethodLookup } from './inner-method.ts';
import { noiseTunnelSchema, runNoiseTunnel, type NoiseTunnelOptions, type NoiseTunnelType } from './noise-tunnel.ts';

/** The tunnel's options as the registry lists them: all but the fixed `type` and `methodOptions` (gathered from the rest). */
const TUNNEL_SCHEMA = omitOptions(noiseTunnelSchema, 'type', 'methodOptions');

function tunnelMethod(name: string, title: string, type: NoiseTunnelType, summary: string, lookup: MethodLookup): MethodDefinition<typeof TUNNEL_SCHEMA> {
  const description = {
    name, title, family: 'gradient', summary, mapShape: 'input', randomized: true, needsSpatialLayer: false,
    // Each noisy copy costs what the inner method costs on one sample.
    evaluations: (shapes: readonly (readonly number[])[], options: Readonly<Record<string, unknown>>) => {
      const { own, methodOptions } = splitOptions(options);
      const settings = resolveOptions(TUNNEL_SCHEMA, own, name);
      const inner = lookup(typeof settings.method === 'string' ? settings.method : 'saliency').estimateEvaluations(shapes, methodOptions);
      return inner === undefined ? undefined : settings.samples * inner + 1;
    },
  } as const;
  return defineMethod(
    description,
    TUNNEL_SCHEMA,
    (model, input, options: Readonly<Record<string, unknown>>) => {
      const { own, methodOptions } = splitOptions(options);
      return runNoiseTunnel(model, input, { ...own, methodOptions, type } as NoiseTunnelOptions, lookup);
    },
    { passOthers: true },
  );
}

/** The tunnel's own options (and the common ones) apart from those for the inner method. */
function splitOptions(options: Readonly<Record<string, unknown>>): { own: Record<string, unknown>; methodOptions: Record<string, unknown> } {
  // Null-prototype objects: a key such as `__proto__` stays an own entry, for the inner method's schema to refuse.
  const own: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const methodOptions: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(options)) {
    const mine = Object.hasOwn(TUNNEL_SCHEMA, key) || (COMMON_OPTIONS as readonly string[]).includes(key);
    (mine ? own : methodOptions)[key] = value;
  }
  return { own, methodOptions };
}

/** The three registry entries of the noise tunnel, finding inner methods by name with `lookup`. */
export function noiseTunnelMethods(lookup: MethodLookup): {
  smoothGrad: MethodDefinition<typeof TUNNEL_SCHEMA>;
  smoothGradSquared: MethodDefinition<typeof TUNNEL_SCHEMA>;
  varGrad: MethodDefinition<typeof TUNNEL_SCHEMA>;
} {
  return {
    smoothGrad: tunnelMethod('smoothgrad', 'SmoothGrad', 'smoothgrad', 'Any method averaged over noisy copies of the input.', lookup),
    smoothGradSquared: tunnelMethod('smoothgrad-sq', 'SmoothGrad²', 'smoothgrad_sq', 'The mean of squared maps over noisy copies of the input.', lookup),
    varGrad: tunnelMethod('vargrad', 'VarGrad', 'vargrad', 'The variance of the maps over noisy copies of the input.', lookup),
  };
}
