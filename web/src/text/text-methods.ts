// Which registered methods the text flow offers for a token model, with the options that make them
// explain words, and why the others are left out. Gradient methods cannot differentiate token ids:
// the path and reference methods run at the model's Embedding layer (`wrt`) and a word's attribution
// is its row's sum; feature ablation replaces one token id at a time by the padding id.
import { METHODS, type MethodDefinition } from 'tfjs-saliency';
import type { HiddenMethods, TextMethod } from './text-protocol.ts';

/** Methods offered (registry names), in this order; the first three start switched on. */
export const TEXT_METHODS: readonly string[] = ['integrated-gradients', 'gradient-shap', 'deep-lift', 'input-x-gradient', 'deep-lift-shap', 'feature-ablation'];
const ENABLED = new Set(['integrated-gradients', 'gradient-shap', 'deep-lift']);

/** Why a registered method is not offered for text (undefined: it is offered). */
function whyHidden(m: MethodDefinition): string | undefined {
  if (TEXT_METHODS.includes(m.name)) return undefined;
  if (m.family === 'cam' || m.needsSpatialLayer) return 'CAMs weight the channels of a convolutional feature map [height, width, channels]; a token model has none';
  if (m.options.some((o) => o.name === 'wrt')) {
    return "a raw gradient at the Embedding layer, summed over its axis, depends on the embedding's coordinates rather than on the word (input × gradient multiplies it by the embedding)";
  }
  if (m.options.some((o) => o.name === 'sigma' || o.name === 'noiseScale')) return 'they add Gaussian noise to the input, and token ids are integers';
  if (m.family === 'relevance') return 'LRP has no rules for Embedding and Conv1D layers yet';
  if (m.family === 'perturbation') return "their features are image grids, superpixels or windows; feature ablation (one word at a time) is the token-level form offered";
  return 'they move or blur the input itself (images), and token ids can be neither interpolated nor blurred';
}

/** The options that make registry method `name` explain words of a model with Embedding layer `embedding` and padding id `pad`. */
export function textOptions(name: string, embedding: string, pad: number): Record<string, unknown> {
  const method = METHODS.find((m) => m.name === name);
  if (method === undefined || !TEXT_METHODS.includes(name)) throw new Error(`method '${name}' is not offered for text; offered: ${TEXT_METHODS.join(', ')}`);
  const names = new Set(method.options.map((o) => o.name));
  if (name === 'feature-ablation') return { patchSize: 'each', baseline: pad };
  return { wrt: embedding, ...(names.has('baseline') ? { baseline: String(pad) } : {}) };
}

/** The offered methods for a model with Embedding layer `embedding` (padding id `pad`), and the hidden ones grouped by reason. */
export function textMethods(embedding: string, pad: number): { methods: TextMethod[]; hidden: HiddenMethods[] } {
  const methods = TEXT_METHODS.flatMap((name): TextMethod[] => {
    const m = METHODS.find((d) => d.name === name);
    if (m === undefined) return [];
    const how = name === 'feature-ablation' ? `each word replaced by the padding id ${pad}` : `at the Embedding layer '${embedding}', from the all-padding sentence`;
    return [{ method: name, label: m.title, summary: m.summary, how, enabled: ENABLED.has(name) }];
  });
  const groups = new Map<string, string[]>();
  for (const m of METHODS) {
    const why = whyHidden(m);
    if (why !== undefined) groups.set(why, [...(groups.get(why) ?? []), m.title]);
  }
  return { methods, hidden: [...groups].map(([why, names]) => ({ methods: names, why })) };
}
