import type { NdArray, OptionSpec, PreprocessingSpec, RgbaImage } from 'tfjs-saliency';
import { CANCELLABLE_TEXT_REQUESTS, type TextRequest, type TextResults } from './text/text-protocol.ts';
import type { OnnxCard, OnnxChoices } from './onnx/onnx-card.ts';

/** Where the worker takes tfjs from, in the order it tries them. */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** One of the page's own bundled models, by its URL. */
export interface BundledSource { readonly kind: 'bundled'; readonly id: string; readonly url: string; readonly labels: readonly string[] }

/** Files the user picked (one model with its weights, labels, ...), and the name the page gives it. */
export interface FilesSource { readonly kind: 'files'; readonly files: readonly File[]; readonly name?: string | undefined }

/** A model the worker can load: one of the page's own bundled models, or files the user picked (an ONNX file with its settings). */
export type ModelSource = BundledSource | (FilesSource & { readonly onnx?: OnnxChoices | undefined });

/** What the page needs to know about a loaded model. */
export interface ModelInfo {
  /** A name for the page (file or bundled model name). */
  readonly name: string;
  /** Input height, width and channels (1 = grey, 3 = RGB). */
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** Number of classes of the first class output. */
  readonly classes: number;
  /** One label per class of the first class output (`class N` where the model brought none). */
  readonly labels: readonly string[];
  /** The outputs that give class scores (more than one: the page offers a choice). */
  readonly outputs: readonly ModelOutput[];
  /** A remark when the preprocessing is a guess ('' when the files stated it). */
  readonly preprocessingNote: string;
  /** How images become this model's input, as far as the source tells (user models: [0, 1], stretched). */
  readonly preprocessing: PreprocessingSpec;
  /** How the model was read ("TF.js layers model", "Teachable Machine export", ...). */
  readonly format: string;
  /** Paths of the layers (nested ones as 'outer/inner'), for layer options. */
  readonly layers: readonly string[];
  /** Estimated bytes one input needs while a gradient runs (what batch sizes are chosen from). */
  readonly bytesPerSample: number;
  /** An ONNX model (run by onnxruntime-web as a function model: perturbation methods only): what its graph says. */
  readonly onnx?: OnnxCard | undefined;
}

/** A model output of class scores. */
export interface ModelOutput {
  /** Position among all the model's outputs (the library's `output` option). */
  readonly index: number;
  readonly name: string;
  /** One label per class. */
  readonly labels: readonly string[];
}

/** What is explained: a class of an output, or the difference of two classes (`versus`: A minus B). */
export interface ExplainTarget {
  readonly class: number;
  readonly versus?: number | undefined;
  /** The output read (index among all outputs); undefined for single-output models. */
  readonly output?: number | undefined;
}

/** One class of the top-k list. */
export interface Prediction {
  readonly index: number;
  readonly label: string;
  readonly probability: number;
}

/** A form value of a method option; `null` means "the method's default". */
export type OptionValue = number | string | boolean | null;

/** A registered method to run and its option values, as the form holds them. */
export interface MethodCall {
  /** Registry name, e.g. 'saliency'. */
  readonly method: string;
  readonly options: Readonly<Record<string, OptionValue>>;
}

/** One panel of the grid: a registered method, its options, and the values it starts with. */
export interface PanelSpec {
  /** Unique in the grid, e.g. 'saliency' or 'saliency-guided'. */
  readonly id: string;
  readonly method: string;
  readonly label: string;
  readonly summary: string;
  /** The method's own options followed by the common ones (backprop modifier, softmax). */
  readonly options: readonly OptionSpec[];
  /** Values that differ from the options' defaults in this panel. */
  readonly preset: Readonly<Record<string, OptionValue>>;
  /** Whether the panel is computed when the page opens (the small default set; the rest wait to be switched on). */
  readonly enabled: boolean;
  /** Whether the panel is shown without opening "more methods" (the default set). */
  readonly featured: boolean;
  /** Whether the method runs on a function model (no gradients): the ones offered for ONNX models. */
  readonly takesFunctionModel: boolean;
}

/** Requests from the page to the worker. */
export type WorkerRequest =
  | { readonly type: 'init'; readonly backend: BackendName | undefined }
  | { readonly type: 'load-model'; readonly source: ModelSource }
  | { readonly type: 'prepare'; readonly image: RgbaImage; readonly preprocessing: PreprocessingSpec }
  | { readonly type: 'predict'; readonly input: NdArray; readonly top: number; readonly output?: number | undefined }
  | { readonly type: 'explain'; readonly input: NdArray; readonly target: ExplainTarget; readonly method: MethodCall }
  /** Deletion / insertion curves and MPRT of the methods' maps of `input` for `target` (see worker/measure-maps.ts). */
  | { readonly type: 'measure'; readonly input: NdArray; readonly target: ExplainTarget; readonly methods: readonly MethodCall[]; readonly steps: number }
  | { readonly type: 'memory' }
  /** Test hook: explanations run with a batch above `aboveBatch` fail as `kind` would (an abort also breaks the worker). */
  | { readonly type: 'inject-failure'; readonly failure: InjectedFailure | null }
  /** Stops the request running now and drops queued ones, for all requests numbered below `before`. */
  | { readonly type: 'cancel'; readonly before: number }
  /** The text flow's requests (text/text-protocol.ts). */
  | TextRequest;

/** A failure the worker fakes on request (tests): an out-of-memory error, or a wasm abort that leaves the worker broken. */
export interface InjectedFailure {
  readonly kind: 'memory' | 'abort';
  /** Explanations whose batch option is above this fail; 0 makes every explanation fail. */
  readonly aboveBatch: number;
}

/** Request types a cancel stops (starting the backend and loading a model always finish). */
export const CANCELLABLE_REQUESTS = ['prepare', 'predict', 'explain', 'measure', ...CANCELLABLE_TEXT_REQUESTS] as const;

/** Whether a cancel stops requests of this type. */
export function isCancellable(type: WorkerRequest['type']): boolean {
  return (CANCELLABLE_REQUESTS as readonly string[]).includes(type);
}

/** The answer to each request type. */
export interface WorkerResults extends TextResults {
  readonly init: { readonly backend: BackendName; readonly note: string; readonly detail: string; readonly panels: readonly PanelSpec[] };
  readonly cancel: null;
  readonly 'inject-failure': null;
  /** Tensors TF.js holds in the worker (the loaded model's weights and nothing else when idle). */
  readonly memory: { readonly numTensors: number };
  readonly 'load-model': ModelInfo;
  /** The model input `[height, width, channels]` made from the image. */
  readonly prepare: NdArray;
  readonly predict: readonly Prediction[];
  readonly explain: { readonly map: NdArray; readonly notes: readonly string[] };
  readonly measure: readonly MethodMeasures[];
}

/** One method's faithfulness and randomisation measures for the current image. */
export interface MethodMeasures {
  /** Registry name of the method. */
  readonly method: string;
  /** Deletion and insertion: the class probability as the most relevant pixels go (come) first, and the area under it. */
  readonly deletion: { readonly x: readonly number[]; readonly y: readonly number[]; readonly score: number };
  readonly insertion: { readonly x: readonly number[]; readonly y: readonly number[]; readonly score: number };
  /** MPRT, cascading from the top: per layer randomised, the Spearman similarity to the trained model's map (absent: not a layers model). */
  readonly mprt?: { readonly layers: readonly string[]; readonly similarity: readonly number[] } | undefined;
  readonly notes: readonly string[];
}

/** Messages from the worker to the page. */
export type WorkerMessage =
  | { readonly type: 'result'; readonly id: number; readonly result: WorkerResults[keyof WorkerResults] }
  | { readonly type: 'error'; readonly id: number; readonly message: string }
  | { readonly type: 'progress'; readonly id: number; readonly fraction: number };

/** A request with the id its answer will carry. */
export type NumberedRequest = WorkerRequest & { readonly id: number };
