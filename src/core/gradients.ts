/**
 * Gradients of an objective with respect to the model inputs or to any layer's output, under the
 * call's backprop rule. Synchronous and tensor-level: call inside tf.tidy.
 */
import * as tf from '@tensorflow/tfjs';
import { gradientProgramFor, type EngineChoice, type EngineNote, type ProgramGradients } from './engine.ts';
import { chooseProgram } from './engine-use.ts';
import { SaliencyError } from './errors.ts';
import { releaseAbandonedTape } from './internals.ts';
import type { ExplainContext } from './explain.ts';
import { withRectifierRule } from './modifiers.ts';
import type { ModelAdapter } from './model.ts';
import type { LayerInfo, LayerKey } from './layers.ts';
import type { ResolvedObjective } from './objective.ts';
import type { RunHooks, RunResult } from './executor.ts';

/** What computeGradients reads from an {@link ExplainContext}: the model, its objective and the backprop rule. */
export type GradientContext = Pick<ExplainContext, 'adapter' | 'objective' | 'backprop'> & Partial<Pick<ExplainContext, 'ruleUse' | 'engine'>>;

/** Gradients and the scores they are gradients of (see {@link ProgramGradients}). */
export type GradientResult = ProgramGradients;

/** What is differentiated: the context's objective unless another is given, at the inputs or a layer. */
export interface GradientRequest {
  /** The objective to differentiate. Default: the context's (rows scored for the call's samples). */
  readonly objective?: ResolvedObjective;
  /** Take the gradient with respect to this layer's output. Default: the model inputs. */
  readonly wrt?: LayerInfo;
  /**
   * With `wrt`: the value that replaces the layer's output (same shape, one row per input row), where
   * the gradient is taken (layer path methods: points between two activations). Default: the layer's
   * own output for `inputs`.
   */
  readonly at?: tf.Tensor;
  /**
   * True when the caller replaced kernel gradients for this call (a scoped registerGradient, as
   * DeepLIFT's rules): TF.js's tape computes it, never an engine's compiled program. Default false.
   */
  readonly kernelRules?: boolean;
}

/**
 * Gradients of the objective for `inputs` (batch first, one per model input), through the context's
 * model adapter and under its backprop rule, so no method can forget the rule the caller chose.
 */
export function computeGradients(context: GradientContext, inputs: readonly tf.Tensor[], request: GradientRequest = {}): GradientResult {
  const { adapter, backprop } = context;
  const objective = request.objective ?? context.objective;
  const { capture = new Set(), linear = new Set() } = objective.hooks;
  const program = chooseProgram(
    context.engine,
    (choice, decline) =>
      request.kernelRules
        ? declinedFor(KERNEL_RULES, choice, decline)
        : request.at
          ? declinedFor(AT_ACTIVATION, choice, decline)
          : engineRequest(adapter, request.wrt, capture, linear, backprop, choice, decline),
    { pass: 'gradient', missing: 'no ONNX engine is installed (in Node: await installOnnxEngine() from tfjs-saliency/node)' },
  );
  if (program !== null) {
    if (backprop !== null && context.ruleUse) {
      context.ruleUse.passes++;
      context.ruleUse.rectifiers += program.rectifiers;
    }
    return program.run(inputs, (r) => objective.score(r), { linear: objective.linear === true, ...(objective.maximum ? { maximum: objective.maximum } : {}) });
  }
  const run = (): GradientResult =>
    request.wrt ? layerGradients(adapter, inputs, objective, request.wrt, request.at) : inputGradients(adapter, inputs, objective);
  return backprop === null ? run() : withRectifierRule(backprop, run, context.ruleUse);
}

/** An installed engine's program, unless a graph model's node is read or differentiated (those run on TF.js). */
function engineRequest(
  adapter: ModelAdapter,
  wrt: LayerInfo | undefined,
  capture: ReadonlySet<LayerKey>,
  linear: ReadonlySet<tf.layers.Layer>,
  backprop: GradientContext['backprop'],
  choice: EngineChoice,
  decline: (note: EngineNote) => void,
): ReturnType<typeof gradientProgramFor> {
  const graphNodes = { name: 'tfjs', reason: "a graph model's inner nodes are read or differentiated on TF.js" } as const;
  const layers = [...capture].filter((key): key is tf.layers.Layer => key instanceof tf.layers.Layer);
  if (layers.length !== capture.size) return declined(graphNodes, decline);
  let wrtLayer: tf.layers.Layer | null = null;
  if (wrt !== undefined) {
    if (!(wrt.layer instanceof tf.layers.Layer)) return declined(graphNodes, decline);
    wrtLayer = wrt.layer;
  }
  return gradientProgramFor({ model: adapter.model, wrt: wrtLayer, capture: new Set(layers), linear, backprop, choice }, decline);
}

const KERNEL_RULES = 'scoped kernel gradient rules (DeepLIFT) run on TF.js';
const AT_ACTIVATION = 'gradients at a recorded layer activation (layer attribution) run on TF.js';

/** No engine program for this call, for `reason`: TF.js's tape computes it. */
function declinedFor(reason: string, choice: EngineChoice, decline: (note: EngineNote) => void): null {
  if (choice !== 'tfjs') decline({ name: 'tfjs', reason });
  return null;
}

function declined(note: EngineNote, decline: (note: EngineNote) => void): null {
  decline(note);
  return null;
}

function differentiate(
  xs: readonly tf.Tensor[],
  forward: (xs: tf.Tensor[]) => { total: tf.Tensor1D; units?: tf.Tensor1D },
): { grads: tf.Tensor[]; scores: tf.Tensor1D; units?: tf.Tensor1D } {
  let scores: tf.Tensor1D | undefined;
  let units: tf.Tensor1D | undefined;
  let grads: tf.Tensor[];
  try {
    const result = tf.engine().gradients(
      () => {
        const out = forward([...xs]);
        scores = tf.keep(out.total);
        if (out.units) units = tf.keep(out.units);
        return tf.sum(out.total);
      },
      [...xs],
      undefined,
      true,
    );
    result.value.dispose();
    grads = result.grads.map((g, i) => g ?? tf.zerosLike(xs[i] as tf.Tensor));
  } catch (error) {
    releaseAbandonedTape();
    scores?.dispose();
    units?.dispose();
    if (error instanceof Error && error.message.startsWith('Cannot compute gradient')) {
      throw new SaliencyError(
        'NO_GRADIENT',
        'the target does not depend on the input through any differentiable path (the input is disconnected from it)',
      );
    }
    throw error;
  }
  const result = { grads, scores: tf.clone(scores as tf.Tensor1D) };
  (scores as tf.Tensor1D).dispose();
  if (!units) return result;
  const kept = tf.clone(units);
  units.dispose();
  return { ...result, units: kept };
}

function inputGradients(adapter: ModelAdapter, inputs: readonly tf.Tensor[], objective: ResolvedObjective): GradientResult {
  const { grads, scores, units } = differentiate(inputs, (xs) => objective.score(adapter.run(xs, objective.hooks)));
  return units ? { gradients: grads, scores, units } : { gradients: grads, scores };
}

function layerGradients(
  adapter: ModelAdapter,
  inputs: readonly tf.Tensor[],
  objective: ResolvedObjective,
  wrt: LayerInfo,
  at?: tf.Tensor,
): GradientResult {
  const record = new Map<string, tf.Tensor[]>();
  const capture = new Set(objective.hooks.capture);
  capture.add(wrt.layer);
  const first: RunResult = adapter.run(inputs, { ...objective.hooks, capture, record });
  const activation = at ?? (first.captured.get(wrt.layer) as tf.Tensor);
  const hooks = (a: tf.Tensor): RunHooks => ({ ...objective.hooks, replace: new Map([[wrt.layer, a]]), reuse: record });
  const { grads, scores, units } = differentiate([activation], ([a]) => objective.score(adapter.run(inputs, hooks(a as tf.Tensor))));
  const base = { gradients: grads, activation, scores };
  return units ? { ...base, units } : base;
}
