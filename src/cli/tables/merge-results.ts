/**
 * Joining the results files of the shards of one run: they must come from the same command with the
 * same settings on the same data set and number of shards, hold each shard once and together all
 * of them. The joined file lists images and rows in data-set order (sorted file names), as a run
 * over the whole data set does, so a merge equals an unsharded run.
 */
import { UsageError } from '../errors.ts';
import type { JsonValue, ResultsFile, TableRow } from './results-file.ts';

/** A results file and the folder it came from (for error messages). */
export interface ShardFile {
  readonly dir: string;
  readonly results: ResultsFile;
}

/** JSON with object keys sorted, so equal values give equal text. */
export function canonicalJson(value: JsonValue | undefined): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const object = value as { readonly [key: string]: JsonValue };
    return `{${Object.keys(object).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(object[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function settingsDifference(a: ResultsFile['settings'], b: ResultsFile['settings']): string {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys
    .filter((k) => canonicalJson(a[k]) !== canonicalJson(b[k]))
    .map((k) => `${k}: ${canonicalJson(a[k])} vs ${canonicalJson(b[k])}`)
    .join('; ');
}

function checkSameRun(first: ShardFile, other: ShardFile): void {
  const [a, b] = [first.results, other.results];
  const mismatch = (what: string): UsageError =>
    new UsageError(`cannot merge '${other.dir}' with '${first.dir}': ${what}; merge only the shards of one run`);
  if (a.command !== b.command) throw mismatch(`one is a saliency ${a.command} run, the other a saliency ${b.command} run`);
  const difference = settingsDifference(a.settings, b.settings);
  if (difference) throw mismatch(`different settings (${difference})`);
  if (a.dataSet.digest !== b.dataSet.digest || a.dataSet.count !== b.dataSet.count) {
    throw mismatch(`different image sets (${a.dataSet.count} vs ${b.dataSet.count} images, digests ${a.dataSet.digest.slice(0, 12)} vs ${b.dataSet.digest.slice(0, 12)})`);
  }
  if (a.shards.count !== b.shards.count) throw mismatch(`split into ${a.shards.count} vs ${b.shards.count} shards`);
}

/** Joins the shards' results; errors name the folders and what differs, is repeated or is missing. */
export function mergeResults(files: readonly ShardFile[]): ResultsFile {
  const first = files[0];
  if (!first) throw new UsageError('merge: give the output folders of the shards to join');
  files.slice(1).forEach((file) => checkSameRun(first, file));
  const holder = new Map<number, string>();
  for (const { dir, results } of files) {
    for (const index of results.shards.held) {
      const earlier = holder.get(index);
      if (earlier !== undefined) throw new UsageError(`shard ${index} is in both '${earlier}' and '${dir}'; give each shard once`);
      holder.set(index, dir);
    }
  }
  const count = first.results.shards.count;
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !holder.has(i));
  if (missing.length > 0) {
    throw new UsageError(`shard(s) ${missing.join(', ')} of ${count} are missing; run them (--shard K/${count}) and give their folders too`);
  }
  const images = files.flatMap((f) => f.results.images).sort();
  const position = new Map(images.map((image, i) => [image, i] as const));
  const byImage = <T extends { readonly image: string }>(items: readonly T[]): T[] =>
    items.map((item, i) => ({ item, i })).sort((x, y) => (position.get(x.item.image) ?? -1) - (position.get(y.item.image) ?? -1) || x.i - y.i).map((x) => x.item);
  const rows: TableRow[] = byImage(files.flatMap((f) => f.results.rows));
  return {
    ...first.results,
    shards: { count, held: Array.from({ length: count }, (_, i) => i) },
    images,
    rows,
    failed: byImage(files.flatMap((f) => f.results.failed)),
  };
}
