// What the page and the worker say to each other about an ONNX model: the choices that settle what
// the graph leaves open (layout, input size), and the card the page shows (inputs, outputs, layout,
// opset, runtime). An ONNX model runs as a function model: forward passes only.
import type { ImageLayout } from 'tfjs-saliency';

/** Choices the user makes for an ONNX model; each reloads it. */
export interface OnnxChoices {
  /** The input's layout. Default: read from the graph. */
  readonly layout?: ImageLayout | undefined;
  /** Input [height, width] for models that leave them free. Default {@link DEFAULT_FREE_SIZE}. */
  readonly size?: readonly [number, number] | undefined;
}

/** The input size given to models whose height and width are free, until the user chooses one. */
export const DEFAULT_FREE_SIZE: readonly [number, number] = [224, 224];

/** What the page shows about an ONNX model. */
export interface OnnxCard {
  /** 'onnxruntime-web 1.30.0 (wasm, 1 thread)'. */
  readonly runtime: string;
  readonly opset: number;
  readonly irVersion: number;
  /** Exporter name and version ('' when the file says none). */
  readonly producer: string;
  /** Graph inputs and outputs as 'name float32 [N, 3, 224, 224]'. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** The output read as scores. */
  readonly output: string;
  readonly layout: ImageLayout;
  /** Why that layout (the graph's evidence, or 'given'). */
  readonly layoutReason: string;
  /** The fixed batch size, or null when free. */
  readonly fixedBatch: number | null;
  /** True when the output comes from a Softmax node (maps explain the probability). */
  readonly probabilities: boolean;
  /** The size given for a model whose height and width are free (undefined when the model fixes them). */
  readonly chosenSize?: readonly [number, number] | undefined;
}

/** Why an ONNX model gets only some methods, as the page says it. */
export const FUNCTION_MODEL_NOTE =
  'ONNX models run in onnxruntime-web as function models (forward passes only), so only the perturbation and black-box methods are offered. ' +
  'Gradient and CAM methods need a TF.js model, or the Node ONNX engine (CLI: saliency explain --model m.onnx --method saliency).';

/** The card as lines of text. */
export function cardLines(card: OnnxCard): string[] {
  return [
    `ONNX opset ${card.opset} (IR ${card.irVersion})${card.producer ? `, from ${card.producer}` : ''}; runs on ${card.runtime}`,
    `Inputs: ${card.inputs.join('; ')}`,
    `Outputs: ${card.outputs.join('; ')} (scores read from '${card.output}'${card.probabilities ? ', a softmax: maps explain the probability' : ''})`,
    `Layout: ${card.layout.toUpperCase()} (${card.layoutReason})${card.chosenSize ? `; free input size, ${card.chosenSize.join('×')} chosen` : ''}`,
    `Batch: ${card.fixedBatch === null ? 'free' : `fixed at ${card.fixedBatch}`}`,
  ];
}
