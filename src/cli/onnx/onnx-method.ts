/**
 * Running a `--method` on an ONNX model for the CLI: saliency and Integrated Gradients on the
 * engine's autodiff, the CAMs at `--layer` (default: the last 4-D map), and the perturbation methods
 * that take function models on the model's forward passes. Anything else is a usage error naming
 * what runs.
 */
import * as tf from '@tensorflow/tfjs';
import type { NdArray } from '../../core/ndarray.ts';
import type { Attribution } from '../../core/result.ts';
import { ONNX_CAM_METHODS, onnxCam, type OnnxCamMethod } from '../../engines/onnx/model/cams.ts';
import { onnxIntegratedGradients, onnxSaliency } from '../../engines/onnx/model/methods.ts';
import type { OnnxModel } from '../../engines/onnx/model/onnx-model.ts';
import { perSampleTarget } from '../../core/target.ts';
import { UsageError } from '../errors.ts';
import type { MethodArgs } from '../explain-request.ts';
import { chooseMethod } from '../method-choice.ts';
import { announceRun, type ProbeCache } from '../long-run.ts';

/** The registry name `--method` means on an ONNX model ('vanilla' is saliency); checked before the model loads. */
export function onnxMethodName(args: MethodArgs): string {
  const method = args.method === 'vanilla' ? 'saliency' : args.method;
  if (method === 'saliency' || method === 'integrated-gradients' || (ONNX_CAM_METHODS as string[]).includes(method)) return method;
  const { definition } = chooseMethod(method);
  if (!(definition as { takesFunctionModel?: boolean }).takesFunctionModel) {
    throw new UsageError(`--method: '${method}' cannot run on an ONNX model; ONNX models take saliency, integrated-gradients, ${ONNX_CAM_METHODS.join(', ')} and the perturbation methods that take function models`);
  }
  if (args.layer !== undefined) throw new UsageError(`--layer: '${method}' takes no layer on an ONNX model`);
  return method;
}

/**
 * The attribution of `method` for `batch` (NHWC, preprocessed) and one class per row; long
 * perturbation runs are announced through `print` first (timed once per `probe` where given).
 */
export async function runOnnxMethod(model: OnnxModel, method: string, args: MethodArgs, batch: NdArray, target: readonly number[], print?: (line: string) => void, probe?: ProbeCache): Promise<Attribution> {
  const option = (key: string) => (args.option?.[key] !== undefined ? Number(args.option[key]) : undefined);
  if (method === 'saliency') return onnxSaliency(model, batch, { target });
  if (method === 'integrated-gradients') {
    const steps = option('steps');
    return onnxIntegratedGradients(model, batch, { target, ...(steps !== undefined ? { steps } : {}) });
  }
  if ((ONNX_CAM_METHODS as string[]).includes(method)) {
    const upsample = args.option?.upsample as 'bilinear' | 'align-corners' | 'none' | undefined;
    const relu = args.option?.relu === undefined ? undefined : args.option.relu !== 'false';
    return onnxCam(model, batch, { target, method: method as OnnxCamMethod, ...(args.layer !== undefined ? { layer: args.layer } : {}), ...(upsample ? { upsample } : {}), ...(relu !== undefined ? { relu } : {}) });
  }
  const { definition } = chooseMethod(method);
  const run = definition.run as (model: unknown, input: tf.Tensor, options: Record<string, unknown>) => Promise<Attribution>;
  const input = tf.tensor4d(batch.data, batch.shape as [number, number, number, number]);
  const options = { ...args.option, target: target.length === 1 ? target[0] : perSampleTarget(target) };
  try {
    if (print) await announceRun(definition, { model: model.functionModel, input, sampleShapes: [batch.shape.slice(1)], samples: batch.shape[0] as number, ...(probe ? { probe } : {}) }, options, print);
    return await run(model.functionModel, input, options);
  } finally {
    input.dispose();
  }
}
