/**
 * Which engine a call asked for and which engines ran its passes: collected while the call runs,
 * summarised as meta.engine; and the one choice every pass makes between an installed engine's
 * program and TF.js (chooseProgram). Browser-safe.
 */
import { checkChoice, SaliencyError } from './errors.ts';
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

/** What {@link chooseProgram} says when no engine runs a pass. */
export interface ProgramFallback {
  /** The kind of pass, for the TF.js note: 'no installed engine offers a <pass> program for this call'. */
  readonly pass: 'forward' | 'gradient';
  /** Why the ONNX engine could not run it when no engine said why (the error of `engine: 'onnx'`). */
  readonly missing: string;
}

/**
 * The program `find` offers under `use`'s choice (default 'auto'), its note recorded in `use`; or
 * null, where TF.js runs the pass and the note records the first reason an engine gave through
 * `decline` (else `fallback.pass`'s). Throws UNSUPPORTED_MODEL (argument 'engine') when the call
 * asked for 'onnx' and no program came, with that reason (else `fallback.missing`).
 */
export function chooseProgram<P extends { readonly note: EngineNote }>(
  use: EngineUse | undefined,
  find: (choice: EngineChoice, decline: (note: EngineNote) => void) => P | null,
  fallback: ProgramFallback,
): P | null {
  const choice = use?.choice ?? 'auto';
  let declined: EngineNote | undefined;
  const program = find(choice, (note) => {
    declined ??= note;
  });
  if (program !== null) {
    use?.notes.push(program.note);
    return program;
  }
  if (choice === 'onnx') {
    throw new SaliencyError('UNSUPPORTED_MODEL', `engine: 'onnx' cannot run this call: ${declined?.reason ?? fallback.missing}`, 'engine');
  }
  use?.notes.push(declined ?? { name: 'tfjs', reason: `no installed engine offers a ${fallback.pass} program for this call` });
  return null;
}
