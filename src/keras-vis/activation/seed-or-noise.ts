/** The input activation maximisation starts from: the user's seed, or noise of one sample per model input. */
import { SaliencyError } from '../../core/errors.ts';
import type { ExplainContext } from '../../core/explain.ts';
import type { InputValue, ModelInput } from '../../core/input.ts';
import type { ModelAdapter } from '../../core/model.ts';
import { sizeOf } from '../../core/ndarray.ts';
import { readValue } from '../../core/read-value.ts';

/** `seedInput` when given, else one sample of `noise` per model input (the input shapes must be fixed). */
export function seedOrNoise(adapter: ModelAdapter, seedInput: ModelInput | undefined, noise: (size: number) => Float32Array): ModelInput {
  if (seedInput !== undefined) return seedInput;
  const values: InputValue[] = adapter.inputShapes().map((shape, i) => {
    const sample = shape.slice(1);
    if (sample.some((d) => d === null)) {
      throw new SaliencyError(
        'INPUT_SHAPE',
        `seedInput: model input ${i} has free dimensions [${sample.map((d) => d ?? 'any').join(', ')}]; pass a seedInput of the size to visualise`,
        'seedInput',
      );
    }
    const dims = sample as number[];
    return { data: noise(sizeOf(dims)), shape: [1, ...dims] };
  });
  return values.length === 1 ? (values[0] as InputValue) : values;
}

/** The values of each model input of `context` (the seed as the model takes it), copied into plain arrays: the optimisation's start. */
export async function startValues(context: ExplainContext): Promise<Float32Array[]> {
  return Promise.all(context.input.tensors.map(async (tensor) => (await readValue(tensor, 'seedInput')).data));
}
