/**
 * `saliency merge DIR... --out DIR`: joins the outputs of the shards of one `evaluate` or `audit`
 * run (`--shard K/N`) into one table and report, as if the run had covered the data set in one
 * process. Refuses folders from different runs (command, settings, image set or shard count),
 * repeated shards and missing ones, naming the folders and what differs.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { mergeResults } from '../tables/merge-results.ts';
import { readResults, type ResultsFile } from '../tables/results-file.ts';
import { writeTable } from '../tables/write-table.ts';

/** Options of {@link mergeCommand}. */
export interface MergeArgs {
  /** The shards' output folders. */
  readonly dirs: readonly string[];
  readonly out: string;
}

/** Merges; writes results.json, the CSV files and report.html into `out`; returns the merged results. */
export async function mergeCommand(args: MergeArgs, print: (line: string) => void): Promise<ResultsFile> {
  const files = await Promise.all(args.dirs.map(async (dir) => ({ dir, results: await readResults(resolve(dir)) })));
  const merged = mergeResults(files);
  const out = resolve(args.out);
  await mkdir(out, { recursive: true });
  print(`merged ${files.length} folder(s): ${merged.shards.count} shard(s), ${merged.images.length} images, ${merged.rows.length} rows`);
  await writeTable(out, merged, print);
  return merged;
}
