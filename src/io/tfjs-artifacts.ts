import type * as tf from '@tensorflow/tfjs';
import { describeJsonValue, isJsonObject, type JsonObject } from './json-file.ts';
import { ModelLoadError } from './model-load-error.ts';
import { formatBytes, LIMIT_FLAGS, type ByteBudget } from './limits.ts';
import type { ModelSource } from './model-source.ts';
import { checkWeightsManifest, type WeightGroup } from './weights-manifest.ts';

/** The two kinds of TF.js model.json: a Keras-style layers model or a converter graph model. */
export type TfjsModelKind = 'layers' | 'graph';

/** Tells a layers model.json from a graph model.json, or says why it is neither. */
export function tfjsModelKind(json: JsonObject, file: string): TfjsModelKind {
  const topology = json.modelTopology;
  if (!isJsonObject(topology)) {
    throw new ModelLoadError(file, `'modelTopology' must be an object, found ${describeJsonValue(topology)}`);
  }
  if (json.format === 'graph-model') return 'graph';
  if (json.format === 'layers-model') return 'layers';
  if (Array.isArray(topology.node)) return 'graph';
  if (typeof topology.class_name === 'string' || isJsonObject(topology.model_config)) return 'layers';
  throw new ModelLoadError(
    file,
    "'modelTopology' is neither a Keras layers topology (with 'class_name') nor a GraphDef (with a 'node' list)",
  );
}

/**
 * Reads every weight shard that model.json names and assembles the artifacts TF.js loads from,
 * checking that each group's shards hold exactly the bytes its weights need.
 */
export async function readTfjsArtifacts(
  json: JsonObject,
  source: ModelSource,
  modelFile: string,
  budget: ByteBudget,
): Promise<tf.io.ModelArtifacts> {
  const groups = checkWeightsManifest(json.weightsManifest, source.locate(modelFile));
  const declared = groups.reduce((n, group) => n + (group.byteLength ?? 0), 0);
  if (declared > budget.left) {
    throw new ModelLoadError(
      source.locate(modelFile),
      `lists weights of ${formatBytes(declared)}, more than the ${formatBytes(budget.left)} left of the limit of ${formatBytes(budget.limit)}; raise ${LIMIT_FLAGS.maxModelBytes} if the model is trusted`,
    );
  }
  const buffers: Uint8Array[] = [];
  for (const group of groups) buffers.push(...(await readGroup(group, source, budget)));
  const weightData = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  let offset = 0;
  for (const buffer of buffers) {
    weightData.set(buffer, offset);
    offset += buffer.byteLength;
  }
  const pick = <T>(key: string): T | undefined => json[key] as T | undefined;
  return {
    modelTopology: json.modelTopology as object,
    format: pick('format'),
    generatedBy: pick('generatedBy'),
    convertedBy: pick('convertedBy'),
    trainingConfig: pick('trainingConfig'),
    userDefinedMetadata: pick('userDefinedMetadata'),
    signature: pick('signature'),
    modelInitializer: pick('modelInitializer'),
    initializerSignature: pick('initializerSignature'),
    weightSpecs: groups.flatMap((group) => group.weights),
    weightData: weightData.buffer,
  };
}

async function readGroup(group: WeightGroup, source: ModelSource, budget: ByteBudget): Promise<Uint8Array[]> {
  const shards: Uint8Array[] = [];
  for (const path of group.paths) {
    const shard = await source.read(path, { bytes: budget.left, key: 'maxModelBytes', total: budget.limit });
    budget.take(source.locate(path), shard.byteLength);
    shards.push(shard);
  }
  const total = shards.reduce((n, shard) => n + shard.byteLength, 0);
  if (group.byteLength !== undefined && total !== group.byteLength) {
    const sizes = group.paths.map((path, i) => `${path}: ${shards[i]?.byteLength} bytes`).join(', ');
    throw new ModelLoadError(
      source.locate(group.paths[suspectShard(shards)] as string),
      `${total < group.byteLength ? 'truncated' : 'too long'}: the weight files of this group hold ${total} bytes ` +
        `(${sizes}) but the weights that model.json lists for them need ${group.byteLength} bytes`,
    );
  }
  return shards;
}

/** Converter shards all have one size except the last: a shorter one before it is the suspect, else the last. */
function suspectShard(shards: readonly Uint8Array[]): number {
  const largest = Math.max(...shards.map((shard) => shard.byteLength));
  const short = shards.findIndex((shard, i) => i < shards.length - 1 && shard.byteLength < largest);
  return short >= 0 ? short : shards.length - 1;
}
