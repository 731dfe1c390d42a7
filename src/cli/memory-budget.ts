/**
 * Batch sizes within the memory budget for the CLI: a method whose batch option (internalBatchSize,
 * samplesBatchSize, perturbationsPerEval, batchSize) the user did not set runs at most as many inputs
 * per model call as DEFAULT_MEMORY_BUDGET_MB of activations allows, and the CLI says so.
 */
import type * as tf from '@tensorflow/tfjs';
import { BATCH_OPTIONS, DEFAULT_MEMORY_BUDGET_MB, batchLimit, bytesPerSample } from '../core/memory-estimate.ts';
import type { MethodCall } from './explain-request.ts';

/**
 * `call` with its batch option capped for `model` at samples of `sampleShape` (batch axis left out),
 * unless `given` (the user's --option values) sets it, the default already fits, or the shape has a
 * free size (then nothing is known to cap by).
 */
export function withinMemoryBudget(
  call: MethodCall,
  given: Readonly<Record<string, string>> | undefined,
  model: tf.LayersModel | tf.GraphModel,
  sampleShape: readonly (number | null)[],
  print: (line: string) => void,
): MethodCall {
  const spec = call.definition.options.find((o) => BATCH_OPTIONS.includes(o.name));
  if (spec === undefined || typeof spec.default !== 'number' || (given !== undefined && Object.hasOwn(given, spec.name))) return call;
  if (sampleShape.some((d) => d === null)) return call;
  const bytes = bytesPerSample(model, sampleShape as number[]);
  const cap = batchLimit(DEFAULT_MEMORY_BUDGET_MB, bytes);
  if (cap >= spec.default) return call;
  print(
    `${spec.name} ${cap} instead of ${spec.default}: one input needs about ${Math.ceil(bytes / 2 ** 20)} MB here, ` +
      `the budget is ${DEFAULT_MEMORY_BUDGET_MB} MB (--option ${spec.name}=N chooses)`,
  );
  return { ...call, options: (target, output) => ({ [spec.name]: cap, ...call.options(target, output) }) };
}
