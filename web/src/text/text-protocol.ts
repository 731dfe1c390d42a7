// The text flow's messages between the page and the explorer's worker (joined into protocol.ts's
// WorkerRequest and WorkerResults): load a token model with its vocabulary, predict a sentence, and
// explain it with one method at a time (cancellable, with progress like the image maps).
import type { BundledSource, FilesSource } from '../protocol.ts';

/** A token model the worker can load: a bundled one (model + vocabulary URLs), or the user's files (one of them a vocabulary). */
export type TextModelSource = (BundledSource & { readonly vocabUrl: string }) | FilesSource;

/** A registered method the text flow offers, run with the options it states. */
export interface TextMethod {
  /** Registry name. */
  readonly method: string;
  readonly label: string;
  readonly summary: string;
  /** How it reaches the words, e.g. "at the Embedding layer 'embedding'". */
  readonly how: string;
  /** Whether the page starts with it switched on. */
  readonly enabled: boolean;
}

/** Registered methods the text flow does not offer, and why. */
export interface HiddenMethods {
  readonly methods: readonly string[];
  readonly why: string;
}

/** What the page needs to know about a loaded token model. */
export interface TextModelInfo {
  readonly name: string;
  /** How the model was read ("TF.js layers model", ...). */
  readonly format: string;
  /** Tokens per input (the model's sequence length). */
  readonly length: number;
  /** One label per class. */
  readonly labels: readonly string[];
  /** The Embedding layer the gradient methods attribute to. */
  readonly embedding: string;
  readonly vocabularySize: number;
  /** The padding token (the attribution baseline) and the unknown-word token ('' when none). */
  readonly pad: string;
  readonly unknown: string;
  readonly methods: readonly TextMethod[];
  readonly hidden: readonly HiddenMethods[];
}

/** A sentence as the model reads it, and its class probabilities. */
export interface TextPrediction {
  /** The words kept (lower-cased, at most `length`). */
  readonly words: readonly string[];
  readonly ids: readonly number[];
  readonly unknownWords: readonly string[];
  readonly truncated: boolean;
  /** Probability per class (a softmax of the outputs when they are not one already). */
  readonly probabilities: readonly number[];
}

/** One method's attribution per word of a sentence. */
export interface TextExplanation {
  readonly method: string;
  /** One value per word (the sum over the embedding axis for the gradient methods). */
  readonly scores: readonly number[];
  /** Completeness residual f(x) - f(baseline) - sum, when the method reports one. */
  readonly delta?: number | undefined;
  readonly notes: readonly string[];
}

/** The text flow's requests. */
export type TextRequest =
  | { readonly type: 'load-text-model'; readonly source: TextModelSource }
  | { readonly type: 'predict-text'; readonly text: string }
  | { readonly type: 'explain-text'; readonly text: string; readonly method: string; readonly target: number };

/** The answer to each text request. */
export interface TextResults {
  readonly 'load-text-model': TextModelInfo;
  readonly 'predict-text': TextPrediction;
  readonly 'explain-text': TextExplanation;
}

/** Text requests a cancel stops (loading a model always finishes). */
export const CANCELLABLE_TEXT_REQUESTS = ['predict-text', 'explain-text'] as const;
