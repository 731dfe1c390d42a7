/**
 * `saliency audit`: does the model look at the bird or at the tree? For every image, the share of
 * the map's attribution inside a region (`--region x,y,w,h` or a mask per image, `--masks`), per
 * class and per image, flagging images whose evidence lies mostly outside and ranking the worst.
 * Resumable and shardable (`--shard K/N`) like every table command; `saliency merge` joins shards.
 */
import { basename, resolve } from 'node:path';
import type { RgbaImage } from '../../core/image.ts';
import { auditRows } from '../audit/audit-report.ts';
import type { AuditRow } from '../audit/audit-row.ts';
import { maskTest, matchMasks, rectTest, regionOnGrid, type InsideTest, type RegionRect } from '../audit/region.ts';
import { mapGrid, regionShare } from '../audit/share.ts';
import { UsageError } from '../errors.ts';
import { methodCall, type MethodArgs } from '../explain-request.ts';
import { seenRegion } from '../image-input.ts';
import { listImages } from '../image-list.ts';
import { chooseOutput, inputSize, labelOf, openSession, readImages, toInput, type SessionOptions } from '../session.ts';
import { runTable, tableImages } from '../tables/table-run.ts';
import { resolveShard, shardOutput, type ShardChoice } from '../tables/shard.ts';
import { writeTable } from '../tables/write-table.ts';

/** Default `--threshold`: an image is flagged when less than half its evidence lies inside the region. */
export const DEFAULT_AUDIT_THRESHOLD = 0.5;

/**
 * What `--flag-by` compares with the threshold: 'peak', the share of the map's strongest 2 % pixels
 * inside the region (default: plain gradients spread part of their mass over empty background for
 * any model, see "Tree, not bird" in the README, while their peaks sit on what the model reads), or
 * 'mass', the share of the map's total |attribution| inside.
 */
export const AUDIT_MEASURES = ['peak', 'mass'] as const;

/** Options of {@link auditCommand}. */
export interface AuditArgs extends SessionOptions, MethodArgs {
  readonly images: string;
  readonly masks?: string;
  readonly region?: RegionRect;
  /** Share inside the region below which an image is flagged (default 0.5). */
  readonly threshold?: number;
  /** What is compared with the threshold (default 'peak'). */
  readonly flagBy?: (typeof AUDIT_MEASURES)[number];
  readonly target?: number;
  readonly output?: string;
  readonly out: string;
  readonly shard?: ShardChoice;
  readonly shards?: number;
}

/** Audits the images; writes results.json, results.csv, classes.csv and report.html; returns the results. */
export async function auditCommand(args: AuditArgs, print: (line: string) => void): Promise<AuditRow[]> {
  if ((args.masks === undefined) === (args.region === undefined)) throw new UsageError('audit: give the region as --region x,y,w,h or as --masks DIR|GLOB (one of them)');
  const threshold = args.threshold ?? DEFAULT_AUDIT_THRESHOLD;
  const flagBy = args.flagBy ?? 'peak';
  const shard = resolveShard(args.shard, args.shards);
  const call = methodCall(args);
  const all = await tableImages(args.images);
  const masks = args.masks !== undefined ? matchMasks(all, await listImages(args.masks)) : undefined;
  const session = await openSession(args);
  const output = chooseOutput(session, args.output, true);
  const region = args.region ? `the rectangle ${[args.region.x, args.region.y, args.region.width, args.region.height].join(',')}` : `the masks ${basename(args.masks as string)}`;
  const options = call.options(args.target, output);
  const settings = JSON.parse(JSON.stringify({
    model: resolve(args.model), method: call.label, options, region, threshold, flagBy, target: args.target ?? null,
    preprocess: args.preprocess ?? null, size: args.size ?? null,
  }));
  const insideTest = async (path: string, image: RgbaImage): Promise<InsideTest> => {
    if (args.region) return rectTest(args.region);
    const mask = masks?.get(path);
    if (mask === undefined || mask instanceof Error) throw mask ?? new Error(`no mask for ${path}`);
    return maskTest((await readImages([mask], session))[0] as RgbaImage, image.width, image.height);
  };
  /** Each image's test, built (and its mask read) once when the image loads. */
  const tests = new Map<string, InsideTest>();
  const out = resolve(shardOutput(args.out, shard));
  const results = await runTable<AuditRow>({
    command: 'audit', all, out, shard, settings, print,
    load: async (path) => {
      const image = (await readImages([path], session))[0] as RgbaImage;
      tests.set(path, await insideTest(path, image));
      return image;
    },
    rows: async (path, image) => {
      const input = toInput(session, [image]);
      try {
        const attribution = await call.definition.run(session.adapter, input, options);
        const { rows, cols } = mapGrid(attribution.map);
        const inside = tests.get(path) ?? (await insideTest(path, image));
        tests.delete(path);
        const grid = regionOnGrid(rows, cols, seenRegion(image, inputSize(session, image), session.preprocessing), inside);
        const share = await regionShare(input, attribution.map, grid);
        const unit = attribution.meta.units?.[0] ?? args.target ?? -1;
        return [{
          image: basename(path), method: call.label, class: unit, label: labelOf(session, unit, output ?? 0), score: attribution.meta.scores[0] ?? 0,
          inside: share.inside, outside: 1 - share.inside, area: share.area, peakInside: share.peakInside, flagged: (flagBy === 'peak' ? share.peakInside : share.inside) < threshold,
        }];
      } finally {
        input.dispose();
      }
    },
  });
  await writeTable(out, results, print);
  if (results.failed.length > 0) throw new Error(`${results.failed.length} image(s) could not be audited (${results.failed.map((f) => f.image).join(', ')}); the others are in ${out}`);
  return auditRows(results);
}
