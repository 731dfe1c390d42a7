/**
 * Digests of maps computed by every registered method and the keras-vis functions on fixed models
 * and inputs, on the cpu backend and on the wasm engine: a refactor that must not change numbers
 * compares these against test/fixtures/golden-maps.json (rewritten by scripts/pin-golden-maps.ts).
 */
import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { METHODS, visualizeCam, visualizeSaliency, type NdArray } from '../../src/index.ts';
import { setupBackend } from '../../src/node/index.ts';
import { useCpu } from './backend.ts';
import { tinyCnn, tinyImages } from './models.ts';
import { fusionCaseModel, fusionInput } from '../core/fusion-models.ts';

/** Small settings so each method runs in well under a second on the tiny models. */
export const GOLDEN_SETTINGS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  'integrated-gradients': { steps: 8 },
  'guided-ig': { steps: 8 },
  'blur-ig': { steps: 8, maxSigma: 10 },
  'gradient-shap': { samples: 4, seed: 42 },
  smoothgrad: { samples: 4, seed: 42 },
  'smoothgrad-sq': { samples: 4, seed: 42 },
  vargrad: { samples: 4, seed: 42 },
  'score-cam': { batchSize: 4 },
  occlusion: { window: 4, stride: 4 },
  rise: { masks: 16, perturbationsPerEval: 8, seed: 42 },
  'kernel-shap': { samples: 24, gridSize: 4, seed: 42 },
  lime: { samples: 24, gridSize: 4, seed: 42 },
  'shapley-sampling': { permutations: 2, gridSize: 4, seed: 42 },
  sobol: { designs: 4, gridSize: 4 },
  hsic: { designs: 24, gridSize: 4 },
  xrai: { steps: 4, segmentationSize: 0, minPixelDiff: 4 },
};

function digest(map: NdArray): string {
  const bytes = new Uint8Array(map.data.buffer, map.data.byteOffset, map.data.byteLength);
  return `${map.shape.join('x')}:${createHash('sha256').update(bytes).digest('hex').slice(0, 24)}`;
}

async function digestsOn(backend: 'cpu' | 'wasm'): Promise<Record<string, string>> {
  if (backend === 'cpu') await useCpu();
  else await setupBackend({ backend: 'wasm' });
  const out: Record<string, string> = {};
  const models = { tiny: tinyCnn(), fusion: fusionCaseModel() };
  const inputs = { tiny: tinyImages(3), fusion: fusionInput([2, 12, 12, 3]) };
  try {
    for (const [key, model] of Object.entries(models) as [keyof typeof models, tf.LayersModel][]) {
      for (const method of METHODS) {
        const result = await method.run(model, inputs[key], { ...GOLDEN_SETTINGS[method.name], target: 2 });
        out[`${backend}/${key}/${method.name}`] = digest(result.map);
      }
      const guided = await METHODS.find((m) => m.name === 'saliency')?.run(model, inputs[key], { target: 1, backpropModifier: 'guided' });
      if (guided) out[`${backend}/${key}/saliency+guided`] = digest(guided.map);
      out[`${backend}/${key}/visualizeSaliency`] = digest(await visualizeSaliency(model, -1, 1, inputs[key]));
      out[`${backend}/${key}/visualizeCam`] = digest(await visualizeCam(model, -1, 1, inputs[key]));
    }
  } finally {
    Object.values(inputs).forEach((t) => t.dispose());
    Object.values(models).forEach((m) => m.dispose());
    await useCpu();
  }
  return out;
}

/** Digests of every golden case on cpu and on the wasm engine. */
export async function goldenDigests(): Promise<Record<string, string>> {
  return { ...(await digestsOn('cpu')), ...(await digestsOn('wasm')) };
}
