/**
 * The engine seam: what the executor and the gradient code ask of the engine that computes them.
 * TF.js is the reference engine, always present and the one every other engine is tested against.
 * An engine installed by its handle (the wasm engine's `installEngine`; a native one later) may
 * offer a folded convolution or a whole gradient program; it answers null for anything it does not
 * cover, and the request falls to the engine installed before it, and finally to the reference.
 * Browser-safe; nothing here changes TF.js.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerKey } from './layers.ts';

/** The activation a fused convolution applies. */
export type FoldedActivation = 'linear' | 'relu' | 'relu6';

/** The convolution kinds that fold a following BatchNormalization. */
export type FoldableConvKind = 'conv2d' | 'depthwise';

/** One conv -> BatchNormalization [-> ReLU / ReLU6] chain as one fused convolution (NHWC). */
export interface FoldedConvolution {
  readonly kind: FoldableConvKind;
  readonly x: tf.Tensor4D;
  /** The folded filter (conv filter times the BN scale per output channel). */
  readonly filter: tf.Tensor4D;
  /** The folded bias. */
  readonly bias: tf.Tensor1D;
  readonly strides: [number, number];
  readonly pad: 'same' | 'valid';
  /** Dilations of a 'conv2d' (folded depthwise convolutions are never dilated: undefined). */
  readonly dilations?: [number, number];
  readonly activation: FoldedActivation;
}

/**
 * Which engine a call asks for: 'auto' (default) takes an installed engine's program where it
 * covers the model and TF.js otherwise; 'onnx' requires the ONNX engine's (an error says why it
 * cannot); 'tfjs' always runs TF.js's own gradients.
 */
export type EngineChoice = 'auto' | 'onnx' | 'tfjs';

/** The engine choices, for validation. */
export const ENGINE_CHOICES: readonly EngineChoice[] = ['auto', 'onnx', 'tfjs'];

/** Which engine computed a call's gradients or forward passes, and why (meta.engine). */
export interface EngineNote {
  /** 'onnx', or 'tfjs' (TF.js on its active backend, with the wasm engine's kernels where installed). */
  readonly name: string;
  readonly reason: string;
}

/** A gradient an engine may compute as one program: what `computeGradients` was asked. */
export interface GradientProgramRequest {
  readonly model: tf.LayersModel | tf.GraphModel;
  /** The layer whose output the gradient is taken with respect to; null for the model inputs. */
  readonly wrt: tf.layers.Layer | null;
  /** Layers whose outputs the objective reads, besides the model outputs. */
  readonly capture: ReadonlySet<tf.layers.Layer>;
  /** Layers run without their final activation (softmax removed). */
  readonly linear: ReadonlySet<tf.layers.Layer>;
  /** The rectifier rule of the backprop modifier in force, or null for plain gradients. */
  readonly backprop: 'guided' | 'rectified' | null;
  /** The engine the call asked for. Default 'auto'. */
  readonly choice?: EngineChoice;
}

/** One forward run as the objective reads it (the executor's RunResult). */
export interface ProgramRun {
  readonly outputs: tf.Tensor[];
  readonly captured: Map<LayerKey, tf.Tensor>;
}

/** The objective's per-sample scores for one run. */
export interface ProgramScores {
  readonly total: tf.Tensor1D;
  readonly units?: tf.Tensor1D;
}

/** Gradients and the scores they are gradients of: what a program and `computeGradients` return. */
export interface ProgramGradients {
  /** One gradient per model input (batch first), or one for the `wrt` layer's output. */
  readonly gradients: tf.Tensor[];
  /** The `wrt` layer's output, when gradients are taken with respect to a layer. */
  readonly activation?: tf.Tensor;
  /** Shape [N]: the objective per sample. */
  readonly scores: tf.Tensor1D;
  /** Shape [N]: the unit explained per sample, for targets that pick one. */
  readonly units?: tf.Tensor1D;
}

/** What a program may assume about the objective of one run. */
export interface ProgramObjective {
  /**
   * True when the score is linear in what it reads (ResolvedObjective.linear): dScore/dOutputs does
   * not depend on the run, so a program may take it at any point and run forward and backward
   * passes as one. Default false.
   */
  readonly linear?: boolean;
  /**
   * Set when the score is `weight` times the largest unit per sample of model output `output`
   * (the predicted class; the first maximum on ties, as tf.argMax): a program may choose that unit
   * inside its run. Default: not set.
   */
  readonly maximum?: { readonly output: number; readonly weight: number };
}

/** A compiled gradient for one request; `run` is called inside the caller's tf.tidy. */
export interface GradientProgram {
  /** The engine running it and why. */
  readonly note: EngineNote;
  /** Rectifiers the backprop rule acts on in this program (for the rule's use report). */
  readonly rectifiers: number;
  run(inputs: readonly tf.Tensor[], score: (run: ProgramRun) => ProgramScores, objective?: ProgramObjective): ProgramGradients;
}

/** A forward pass an engine may run as one program: the model outputs and captured layers. */
export interface ForwardProgramRequest {
  readonly model: tf.LayersModel | tf.GraphModel;
  /** Layers whose outputs are returned in `captured`. */
  readonly capture: ReadonlySet<tf.layers.Layer>;
  /** Layers run without their final activation (softmax removed). */
  readonly linear: ReadonlySet<tf.layers.Layer>;
  /** The engine the call asked for. Default 'auto'. */
  readonly choice?: EngineChoice;
}

/** A compiled forward pass; `run` is synchronous and its tensors belong to the caller's tidy. */
export interface ForwardProgram {
  readonly note: EngineNote;
  run(inputs: readonly tf.Tensor[]): ProgramRun;
}

/** An engine: a name, and the computations it offers (each may answer null: not covered). */
export interface Engine {
  /** A short name for reports ('tfjs', 'wasm', ...). */
  readonly name: string;
  /** `op` computed by this engine, or null to leave it to the engines below. */
  convolution?(op: FoldedConvolution): tf.Tensor | null;
  /**
   * A program computing the whole of `request`, or null to leave it to the engines below; when it
   * declines, it may say why through `decline` (the reason reaches meta.engine).
   */
  gradientProgram?(request: GradientProgramRequest, decline?: (note: EngineNote) => void): GradientProgram | null;
  /** A program running the forward pass of `request`, or null to leave it to the engines below (and TF.js). */
  forwardProgram?(request: ForwardProgramRequest, decline?: (note: EngineNote) => void): ForwardProgram | null;
}

/** TF.js's fused op for `op`, called exactly as tfjs-layers would call it. */
function referenceConvolution(op: FoldedConvolution): tf.Tensor {
  const { x, filter, bias, strides, pad, activation } = op;
  if (op.kind === 'depthwise') return tf.fused.depthwiseConv2d({ x, filter, bias, strides, pad, dataFormat: 'NHWC', activation });
  return tf.fused.conv2d({ x, filter, bias, strides, pad, dilations: op.dilations ?? [1, 1], dataFormat: 'NHWC', activation });
}

/** The reference engine: TF.js's own ops and tf.grad; offers no gradient program. */
export const REFERENCE_ENGINE: Engine = { name: 'tfjs', convolution: referenceConvolution };

/** Installed engines, the most recent last (each in its own record: one engine may be installed twice). */
const installed: { readonly engine: Engine }[] = [];

/** The engine asked first: the most recently installed one, else the reference. */
export function activeEngine(): Engine {
  return installed[installed.length - 1]?.engine ?? REFERENCE_ENGINE;
}

/**
 * Puts `engine` above the installed ones until the returned function is called (in any order:
 * it removes exactly this installation). For engine handles only.
 */
export function installActiveEngine(engine: Engine): () => void {
  const entry = { engine };
  installed.push(entry);
  return () => {
    const at = installed.indexOf(entry);
    if (at >= 0) installed.splice(at, 1);
  };
}

/** `op` on the most recent engine that offers it, else on the reference (tf.fused). */
export function runFoldedConvolution(op: FoldedConvolution): tf.Tensor {
  for (let i = installed.length - 1; i >= 0; i--) {
    const out = installed[i]?.engine.convolution?.(op) ?? null;
    if (out !== null) return out;
  }
  return referenceConvolution(op);
}

/** The most recent engine's answer to `ask`, or null; a call that asked for 'tfjs' asks none. */
function askEngines<R extends { readonly choice?: EngineChoice }, P>(
  request: R,
  ask: (engine: Engine) => P | null | undefined,
  decline?: (note: EngineNote) => void,
): P | null {
  if (request.choice === 'tfjs') {
    decline?.({ name: 'tfjs', reason: "engine 'tfjs' was asked for" });
    return null;
  }
  for (let i = installed.length - 1; i >= 0; i--) {
    const engine = installed[i]?.engine;
    const program = engine ? (ask(engine) ?? null) : null;
    if (program !== null) return program;
  }
  return null;
}

/**
 * The most recent engine's program for `request`, or null: the TF.js reference path computes it.
 * `decline` hears why engines passed (and 'tfjs' when the call asked for it).
 */
export function gradientProgramFor(request: GradientProgramRequest, decline?: (note: EngineNote) => void): GradientProgram | null {
  return askEngines(request, (engine) => engine.gradientProgram?.(request, decline), decline);
}

/** The most recent engine's forward program for `request`, or null: the executor runs it on TF.js. */
export function forwardProgramFor(request: ForwardProgramRequest, decline?: (note: EngineNote) => void): ForwardProgram | null {
  return askEngines(request, (engine) => engine.forwardProgram?.(request, decline), decline);
}
