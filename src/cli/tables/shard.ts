/**
 * Splitting a data set over processes: `--shard K/N` (shard K of N, K from 0, as Kubernetes numbers
 * Indexed Job pods) or `--shard auto` (K from JOB_COMPLETION_INDEX, N from `--shards`, SALIENCY_SHARDS
 * or JOB_COMPLETION_COUNT). Images are dealt round-robin over the sorted list, so every shard gets
 * the same images whatever process runs it, and the shards are disjoint and together cover all.
 */
import { UsageError } from '../errors.ts';

/** Shard `index` of `count` (index from 0). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** What `--shard` says: a fixed shard, or 'auto' (read from the environment). */
export type ShardChoice = Shard | 'auto';

/** The whole data set in one process: shard 0 of 1. */
export const WHOLE: Shard = Object.freeze({ index: 0, count: 1 });

/** The most shards a run may be split into. */
export const MAX_SHARDS = 100_000;

/** Environment variables read by `--shard auto`. */
export const SHARD_ENV = { index: 'JOB_COMPLETION_INDEX', count: ['SALIENCY_SHARDS', 'JOB_COMPLETION_COUNT'] } as const;

function shardCount(value: string, where: string): number {
  const count = Number(value);
  if (value.trim() === '' || !Number.isInteger(count) || count < 1 || count > MAX_SHARDS) {
    throw new UsageError(`${where}: expected a number of shards from 1 to ${MAX_SHARDS}, got '${value}'`);
  }
  return count;
}

function shardIndex(value: string, count: number, where: string): number {
  const index = Number(value);
  if (value.trim() === '' || !Number.isInteger(index) || index < 0 || index >= count) {
    throw new UsageError(`${where}: expected a shard index from 0 to ${count - 1} (shards count from 0), got '${value}'`);
  }
  return index;
}

/** Parses `--shard`: 'K/N' with 0 <= K < N, or 'auto'. */
export function parseShardOption(value: string): ShardChoice {
  if (value.trim() === 'auto') return 'auto';
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  if (!match) throw new UsageError(`--shard: expected K/N (shard K of N, K from 0 to N-1, e.g. 0/3) or 'auto', got '${value}'`);
  const count = shardCount(match[2] as string, '--shard');
  return { index: shardIndex(match[1] as string, count, `--shard ${value}`), count };
}

/** Parses `--shards N`, the number of shards for `--shard auto`. */
export function parseShardsOption(value: string): number {
  return shardCount(value, '--shards');
}

/**
 * The shard a run works on: `choice` as given, the whole set without one, or for 'auto' the index
 * from JOB_COMPLETION_INDEX and the count from `shards` (--shards), else SALIENCY_SHARDS, else
 * JOB_COMPLETION_COUNT. Errors name what is missing and how to give it.
 */
export function resolveShard(choice: ShardChoice | undefined, shards: number | undefined, env: Readonly<Record<string, string | undefined>> = process.env): Shard {
  if (choice === undefined) {
    if (shards !== undefined) throw new UsageError("--shards: only used with --shard auto (give --shard K/N for a fixed shard)");
    return WHOLE;
  }
  if (choice !== 'auto') {
    if (shards !== undefined && shards !== choice.count) {
      throw new UsageError(`--shards ${shards} disagrees with --shard ${choice.index}/${choice.count}; give one of them`);
    }
    return choice;
  }
  const rawIndex = env[SHARD_ENV.index];
  if (rawIndex === undefined) {
    throw new UsageError(`--shard auto: ${SHARD_ENV.index} is not set (Kubernetes sets it in Indexed Job pods); give --shard K/N instead`);
  }
  const named = SHARD_ENV.count.find((name) => env[name] !== undefined);
  if (shards === undefined && named === undefined) {
    throw new UsageError(
      `--shard auto: ${SHARD_ENV.index}=${rawIndex} but the number of shards is unknown; give --shards N (the Job's completions) or set ${SHARD_ENV.count.join(' or ')}`,
    );
  }
  const count = shards ?? shardCount(env[named as string] as string, named as string);
  return { index: shardIndex(rawIndex, count, SHARD_ENV.index), count };
}

/** The items of `shard`: every `count`-th item of `sorted` from position `index` (round-robin). */
export function shardItems<T>(sorted: readonly T[], shard: Shard): T[] {
  return sorted.filter((_, i) => i % shard.count === shard.index);
}

/** "shard 1 of 3" (counting from 0: shard 1 is the second), or "" for the whole set. */
export function describeShard(shard: Shard): string {
  return shard.count === 1 ? '' : `shard ${shard.index} of ${shard.count} (0-based)`;
}

/** `out` with `{shard}` replaced by the shard's index, so Indexed Job pods can share one --out pattern. */
export function shardOutput(out: string, shard: Shard): string {
  return out.replaceAll('{shard}', String(shard.index));
}
