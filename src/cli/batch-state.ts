/**
 * The record that makes `saliency batch` resumable: which images are finished, for which settings.
 * Written atomically after every finished chunk, so an interrupted run loses at most the chunk in
 * progress and never leaves a half-written record.
 */
import { access, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../node/output/atomic-write.ts';

/** File name of the record inside the output folder. */
export const BATCH_STATE_FILE = 'batch-state.json';

/** One finished image. */
export interface FinishedImage {
  readonly image: string;
  readonly outputs: readonly string[];
  readonly caption: string;
}

/** The record. */
export interface BatchState {
  /** The settings the outputs were made with; a different value starts afresh. */
  readonly settings: string;
  readonly finished: readonly FinishedImage[];
}

/** Reads the record and keeps the images whose outputs all still exist (none when the settings changed). */
export async function readBatchState(directory: string, settings: string): Promise<FinishedImage[]> {
  let state: BatchState;
  try {
    state = JSON.parse(await readFile(join(directory, BATCH_STATE_FILE), 'utf8')) as BatchState;
  } catch {
    return [];
  }
  if (state.settings !== settings || !Array.isArray(state.finished)) return [];
  const present = await Promise.all(
    state.finished.map(async (f: FinishedImage) => (await Promise.all(f.outputs.map((o: string) => access(join(directory, o)).then(() => true, () => false)))).every(Boolean)),
  );
  return state.finished.filter((_, i) => present[i]);
}

/** Every output file the record names, whatever the settings it was made with (none without a record). */
export async function recordedOutputs(directory: string): Promise<Set<string>> {
  try {
    const state = JSON.parse(await readFile(join(directory, BATCH_STATE_FILE), 'utf8')) as Partial<BatchState>;
    const finished = Array.isArray(state.finished) ? state.finished : [];
    return new Set(finished.flatMap((f) => (Array.isArray(f?.outputs) ? f.outputs.filter((o: unknown): o is string => typeof o === 'string') : [])));
  } catch {
    return new Set();
  }
}

/** Writes the record atomically. */
export async function writeBatchState(directory: string, state: BatchState): Promise<void> {
  await writeFileAtomic(join(directory, BATCH_STATE_FILE), JSON.stringify(state, null, 1));
}

/** Removes the hidden temporary files an interrupted run left (atomic writes that never finished). */
export async function removeStaleTemporaries(directory: string): Promise<number> {
  const stale = (await readdir(directory)).filter((name) => /^\..+\.tmp$/.test(name));
  await Promise.all(stale.map((name) => rm(join(directory, name), { force: true })));
  return stale.length;
}
