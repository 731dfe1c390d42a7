/**
 * Opening a `.onnx` model for the CLI (explain, batch, predict, layers): the TF.js backend for the
 * pictures, the model loaded with the preprocessing the flags state (--preprocess preset, then
 * --mean/--std over it), --layout, --size, --invert, --threads, labels and limits.
 */
import { basename } from 'node:path';
import type { ImageLayout } from '../../engines/onnx/model/layout.ts';
import type { OnnxModel } from '../../engines/onnx/model/onnx-model.ts';
import { setupBackend } from '../../engines/wasm/node/index.ts';
import { PREPROCESSING_PRESETS, type PreprocessingSpec } from '../../io/preprocessing-spec.ts';
import { loadOnnxModel } from '../../node/models/load-onnx-model.ts';
import type { SessionOptions } from '../session.ts';

/** The flags ONNX models add to the model options. */
export interface OnnxArgs {
  readonly mean?: readonly number[];
  readonly std?: readonly number[];
  readonly layout?: ImageLayout;
  readonly invert?: boolean;
  /** `--output`: the output read as scores, by index or name. Default the first. */
  readonly output?: string;
}

/** The preprocessing the flags state: the --preprocess preset (default unit), --mean and --std over it. */
export function flagPreprocessing(args: SessionOptions & OnnxArgs): PreprocessingSpec {
  const preset: PreprocessingSpec = args.preprocess ? PREPROCESSING_PRESETS[args.preprocess] : PREPROCESSING_PRESETS.unit;
  return { ...preset, ...(args.mean ? { mean: args.mean } : {}), ...(args.std ? { std: args.std } : {}) };
}

/** Sets up the backend and loads the model the flags name; the caller disposes it. */
export async function openOnnxModel(args: SessionOptions & OnnxArgs): Promise<OnnxModel> {
  await setupBackend({ backend: args.backend ?? 'wasm', ...(args.threads ? { threads: args.threads } : {}) });
  return loadOnnxModel(args.model, {
    preprocessing: flagPreprocessing(args),
    ...(args.labels ? { labels: args.labels } : {}),
    ...(args.layout ? { layout: args.layout } : {}),
    ...(args.size ? { size: args.size } : {}),
    ...(args.invert ? { invert: true } : {}),
    ...(args.output !== undefined ? { output: /^\d+$/.test(args.output) ? Number(args.output) : args.output } : {}),
    ...(args.threads ? { threads: args.threads } : {}),
    ...(args.maxModelBytes ? { maxModelBytes: args.maxModelBytes } : {}),
  });
}

/** The first line the commands print: the model, its layout and why, input and outputs. */
export function describeOnnxModel(path: string, model: OnnxModel): string {
  return `${basename(path)}: ONNX, ${model.layout.toUpperCase()} (${model.layoutReason}), input ${model.imageShape.join('x')}, ${model.outputSize} outputs`;
}

/** A class by label and index. */
export function describeOnnxClass(model: OnnxModel, index: number): string {
  const label = model.labels?.[index];
  return label !== undefined ? `${label} (class ${index})` : `class ${index}`;
}
