/**
 * The table `saliency evaluate` and `saliency audit` write (results.json): the settings of the run,
 * the data set it belongs to (count and digest of the sorted image names, so shards of different
 * data sets are never merged), the shards it holds and one row per image x method (x metric).
 * `saliency merge` reads these files back, checks them and joins them.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Shard } from './shard.ts';

/** File name of the table in an output folder. */
export const RESULTS_FILE = 'results.json';
/** The `format` field of every results file. */
export const RESULTS_FORMAT = 'tfjs-saliency-results';
/** The version of the results file this code writes and reads. */
export const RESULTS_VERSION = 1;
/** Largest results file `merge` reads (bytes). */
export const MAX_RESULTS_BYTES = 512 * 2 ** 20;

/** The commands that write results files. */
export type TableCommand = 'evaluate' | 'audit';

/** A JSON value. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** One row: an image (its file name), a method and the command's own columns. */
export interface TableRow {
  readonly image: string;
  readonly [column: string]: JsonValue;
}

/** An image that could not be read, and why. */
export interface FailedImage {
  readonly image: string;
  readonly reason: string;
}

/** The data set a run belongs to. */
export interface DataSet {
  /** How many images the whole data set has (all shards). */
  readonly count: number;
  /** sha256 of the sorted image file names, one per line. */
  readonly digest: string;
}

/** A results file. */
export interface ResultsFile<R extends TableRow = TableRow> {
  readonly format: typeof RESULTS_FORMAT;
  readonly version: typeof RESULTS_VERSION;
  readonly command: TableCommand;
  /** What was computed and how (model, methods, metrics, options): shards must agree on it. */
  readonly settings: { readonly [key: string]: JsonValue };
  readonly dataSet: DataSet;
  /** How many shards the data set was split into, and which of them this file holds. */
  readonly shards: { readonly count: number; readonly held: readonly number[] };
  /** The images this file covers, in data-set order. */
  readonly images: readonly string[];
  readonly rows: readonly R[];
  readonly failed: readonly FailedImage[];
}

/** The data set of `paths` (sorted), described by their file names. */
export function dataSetOf(paths: readonly string[]): DataSet {
  const names = paths.map((p) => basename(p));
  return { count: names.length, digest: createHash('sha256').update(names.join('\n')).digest('hex') };
}

/** A results file for one shard. */
export function shardResults<R extends TableRow>(
  command: TableCommand,
  settings: ResultsFile['settings'],
  dataSet: DataSet,
  shard: Shard,
  images: readonly string[],
  rows: readonly R[],
  failed: readonly FailedImage[],
): ResultsFile<R> {
  return { format: RESULTS_FORMAT, version: RESULTS_VERSION, command, settings, dataSet, shards: { count: shard.count, held: [shard.index] }, images, rows, failed };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads and checks `dir`/results.json; errors name the folder and what is wrong. */
export async function readResults(dir: string): Promise<ResultsFile> {
  const path = join(dir, RESULTS_FILE);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new Error(`'${dir}' holds no ${RESULTS_FILE} (${error.code ?? error.message}); give the --output folders of saliency evaluate or audit runs`);
  });
  if (text.length > MAX_RESULTS_BYTES) throw new Error(`'${path}' is larger than ${MAX_RESULTS_BYTES} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`'${path}' is not valid JSON: ${(error as Error).message}`);
  }
  const bad = (what: string): Error => new Error(`'${path}' is not a saliency results file: ${what}`);
  if (!isObject(parsed) || parsed.format !== RESULTS_FORMAT) throw bad(`format is not '${RESULTS_FORMAT}'`);
  if (parsed.version !== RESULTS_VERSION) throw bad(`version ${String(parsed.version)}, this saliency reads version ${RESULTS_VERSION}`);
  if (parsed.command !== 'evaluate' && parsed.command !== 'audit') throw bad(`unknown command '${String(parsed.command)}'`);
  const { settings, dataSet, shards, images, rows, failed } = parsed;
  if (!isObject(settings)) throw bad('settings missing');
  if (!isObject(dataSet) || typeof dataSet.count !== 'number' || typeof dataSet.digest !== 'string') throw bad('dataSet missing');
  if (!isObject(shards) || !Number.isInteger(shards.count) || !Array.isArray(shards.held) || !shards.held.every((i) => Number.isInteger(i))) throw bad('shards missing');
  if (!Array.isArray(images) || !images.every((i) => typeof i === 'string')) throw bad('images missing');
  if (!Array.isArray(rows) || !rows.every((r) => isObject(r) && typeof r.image === 'string')) throw bad('rows missing');
  if (!Array.isArray(failed)) throw bad('failed missing');
  return parsed as unknown as ResultsFile;
}
