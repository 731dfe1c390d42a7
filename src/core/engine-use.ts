/**
 * Which engine a call asked for and which engines ran its passes: collected while the call runs,
 * summarised as meta.engine. Browser-safe.
 */
import { checkChoice } from './errors.ts';
import { ENGINE_CHOICES, type EngineChoice, type EngineNote } from './engine.ts';

/** The engine choice of one call and the notes of the passes that ran. */
export interface EngineUse {
  readonly choice: EngineChoice;
  readonly notes: EngineNote[];
}

/** A fresh {@link EngineUse} for `choice` (checked; default 'auto'). */
export function newEngineUse(choice: unknown = 'auto'): EngineUse {
  return { choice: checkChoice(choice ?? 'auto', ENGINE_CHOICES, 'engine'), notes: [] };
}

/**
 * The engine that ran the call: the first pass's note (all passes of a call take the same path),
 * or TF.js when no pass consulted the engines.
 */
export function engineMeta(use: EngineUse): EngineNote {
  return use.notes[0] ?? { name: 'tfjs', reason: use.choice === 'tfjs' ? "engine 'tfjs' was asked for" : 'this method runs on TF.js' };
}
