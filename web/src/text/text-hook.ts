// Plain-data views of the text flow for browser tests and scripting (`window.__textExplorer`),
// beside the image flow's `window.__explorer` (explorer-hook.ts).
import type { TextExplanation, TextModelInfo, TextPrediction } from './text-protocol.ts';

/** What `window.__textExplorer` offers. */
export interface TextExplorerHook {
  /** Resolves when all text work started so far has finished. */
  whenIdle(): Promise<void>;
  /** The open text model (undefined before one opens). */
  model(): TextModelInfo | undefined;
  /** The sentence as the model read it, and its class probabilities. */
  prediction(): TextPrediction | undefined;
  /** The class explained. */
  target(): number;
  /** What each method returned for the sentence, by registry name. */
  results(): Record<string, TextExplanation>;
}

declare global {
  interface Window {
    __textExplorer?: TextExplorerHook;
  }
}

/** What the hook reads (the text flow's TextMode; declared here so tests need not load the page's modules). */
export interface TextState {
  readonly info: TextModelInfo | undefined;
  readonly prediction: TextPrediction | undefined;
  readonly target: number;
  readonly results: ReadonlyMap<string, TextExplanation>;
  whenIdle(): Promise<void>;
}

/** Puts a {@link TextExplorerHook} on `window.__textExplorer`. */
export function exposeTextHook(text: TextState): void {
  window.__textExplorer = {
    whenIdle: () => text.whenIdle(),
    model: () => text.info,
    prediction: () => text.prediction,
    target: () => text.target,
    results: () => Object.fromEntries(text.results),
  };
}
