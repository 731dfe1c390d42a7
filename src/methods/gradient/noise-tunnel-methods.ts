/**
 * Registry entries of the noise tunnel: 'smoothgrad', 'smoothgrad-sq' and 'vargrad'. Each fixes the
 * reduction (`type`); options that are not the tunnel's own go to the inner method (named by
 * `method`), which checks them.
 */
import { defineMethod, type MethodDefinition } from '../definition.ts';
import { COMMON_OPTIONS, omitOptions } from '../schema.ts';
import { noiseTunnel, noiseTunnelSchema, type NoiseTunnelOptions, type NoiseTunnelType } from './noise-tunnel.ts';

/** The tunnel's options as the registry lists them: all but the fixed `type` and `methodOptions` (gathered from the rest). */
const TUNNEL_SCHEMA = omitOptions(noiseTunnelSchema, 'type', 'methodOptions');

function tunnelMethod(name: string, title: string, type: NoiseTunnelType, summary: string): MethodDefinition<typeof TUNNEL_SCHEMA> {
  const description = { name, title, family: 'gradient', summary, mapShape: 'input', randomized: true, needsSpatialLayer: false } as const;
  return defineMethod(
    description,
    TUNNEL_SCHEMA,
    (model, input, options: Readonly<Record<string, unknown>>) => {
      const own: Record<string, unknown> = {};
      const methodOptions: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(options)) {
        const mine = Object.hasOwn(TUNNEL_SCHEMA, key) || (COMMON_OPTIONS as readonly string[]).includes(key);
        (mine ? own : methodOptions)[key] = value;
      }
      return noiseTunnel(model, input, { ...own, methodOptions, type } as NoiseTunnelOptions);
    },
    { passOthers: true },
  );
}

/** SmoothGrad: the mean of the inner method's maps over noisy copies (inner default 'saliency'). */
export const smoothGradMethod = tunnelMethod('smoothgrad', 'SmoothGrad', 'smoothgrad', 'Any method averaged over noisy copies of the input.');
/** SmoothGrad^2: the mean of the squared maps over noisy copies. */
export const smoothGradSquaredMethod = tunnelMethod('smoothgrad-sq', 'SmoothGrad²', 'smoothgrad_sq', 'The mean of squared maps over noisy copies of the input.');
/** VarGrad: the variance of the maps over noisy copies. */
export const varGradMethod = tunnelMethod('vargrad', 'VarGrad', 'vargrad', 'The variance of the maps over noisy copies of the input.');
