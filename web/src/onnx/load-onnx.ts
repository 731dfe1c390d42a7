// Opening a .onnx model in the worker: the files the user gave (the .onnx, its external .data files,
// an optional labels file) read within the library's size limit, decoded and wrapped as a function
// model by the library (onnxFunctionModel), run by onnxruntime-web. What the page needs comes back
// as a ModelInfo with the ONNX card; a model whose height and width are free gets 224×224 until the
// user chooses a size.
import { DEFAULT_LOAD_LIMITS, onnxFunctionModel, parseLabels, SaliencyError, type OnnxFunctionModel, type OnnxValueData } from 'tfjs-saliency';
import type { ModelInfo, ModelSource } from '../protocol.ts';
import type { LoadedModel } from '../worker/load-model.ts';
import { DEFAULT_FREE_SIZE, type OnnxCard } from './onnx-card.ts';
import { ortWebRuntime } from './ort-web-runtime.ts';

/** Files read as class names when given with a .onnx model. */
const LABEL_FILE = /\.(txt|json)$/i;

/**
 * Activations one input holds during a forward pass, as a multiple of the input's size (the graph
 * declares no intermediate shapes; TF.js graph models get the same guess, with 3 copies for gradients).
 */
const FORWARD_ACTIVATION_FACTOR = 64;

/** Whether `files` hold a .onnx model (one of them ends in .onnx). */
export function holdsOnnx(files: readonly File[]): boolean {
  return files.some((f) => /\.onnx$/i.test(f.name));
}

/** Loads the .onnx model of `source` on onnxruntime-web (see the file comment). */
export async function loadOnnxModel(source: Extract<ModelSource, { kind: 'files' }>): Promise<LoadedModel> {
  const models = source.files.filter((f) => /\.onnx$/i.test(f.name));
  const [file] = models;
  if (file === undefined || models.length > 1) throw new Error(`open one .onnx model at a time (with its external data files); got ${models.map((f) => f.name).join(', ')}`);
  const limit = DEFAULT_LOAD_LIMITS.maxModelBytes;
  const others = source.files.filter((f) => f !== file && !LABEL_FILE.test(f.name));
  const total = [file, ...others].reduce((sum, f) => sum + f.size, 0);
  if (total > limit) throw new Error(`${file.name}: the model and its data files hold ${total} bytes, more than the explorer's limit of ${limit}`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const external = new Map(await Promise.all(others.map(async (f) => [f.name, new Uint8Array(await f.arrayBuffer())] as const)));
  const labelFile = source.files.find((f) => LABEL_FILE.test(f.name));
  const labels = labelFile ? parseLabels(new Uint8Array(await labelFile.arrayBuffer()), labelFile.name) : undefined;
  const runtime = await ortWebRuntime();
  const open = (size: readonly [number, number] | undefined) =>
    onnxFunctionModel({ name: file.name, bytes, external }, runtime, { ...(source.onnx?.layout ? { layout: source.onnx.layout } : {}), ...(size ? { size } : {}) });
  let onnx: OnnxFunctionModel;
  let chosenSize = source.onnx?.size;
  try {
    onnx = await open(chosenSize);
  } catch (error) {
    if (!(error instanceof SaliencyError && error.argument === 'size' && chosenSize === undefined)) throw error;
    chosenSize = DEFAULT_FREE_SIZE;
    onnx = await open(chosenSize);
  }
  try {
    return { model: onnx.model, info: describe(onnx, file.name, runtime.name, labels, chosenSize), dispose: () => void onnx.dispose() };
  } catch (error) {
    await onnx.dispose();
    throw error;
  }
}

function describe(onnx: OnnxFunctionModel, name: string, runtime: string, given: readonly string[] | undefined, chosenSize: readonly [number, number] | undefined): ModelInfo {
  const { data, image, model } = onnx;
  const [height, width, channels] = image.imageShape;
  if (channels !== 1 && channels !== 3) throw new Error(`${name}: the explorer explains image models with 1 or 3 channels; this model's input has ${channels}`);
  if (given !== undefined && given.length !== model.outputSize) throw new Error(`${name}: the labels file has ${given.length} labels but output '${onnx.output.name}' gives ${model.outputSize} scores`);
  const labels = Array.from({ length: model.outputSize }, (_, i) => given?.[i] ?? `class ${i}`);
  const card: OnnxCard = {
    runtime,
    opset: data.opset,
    irVersion: data.irVersion,
    producer: data.producer,
    inputs: data.inputs.map(describeValue),
    outputs: data.outputs.map(describeValue),
    output: onnx.output.name,
    layout: image.layout,
    layoutReason: image.layoutReason,
    fixedBatch: Number.isFinite(image.maxBatch) ? image.maxBatch : null,
    probabilities: model.outputsProbabilities,
    chosenSize,
  };
  return {
    name,
    format: `ONNX model (opset ${data.opset}, ${image.layout.toUpperCase()})`,
    height,
    width,
    channels,
    classes: labels.length,
    labels,
    outputs: [{ index: 0, name: onnx.output.name, labels }],
    preprocessingNote: 'ONNX files carry no preprocessing: pixels 0 … 1 until you choose a range or a mean and std (ONNX settings).',
    preprocessing: { scale: 'unit' },
    layers: [],
    bytesPerSample: 4 * FORWARD_ACTIVATION_FACTOR * height * width * channels,
    onnx: card,
  };
}

function describeValue(value: OnnxValueData): string {
  return `${value.name} ${value.type} [${value.shape.map((d) => d ?? '?').join(', ')}]`;
}
