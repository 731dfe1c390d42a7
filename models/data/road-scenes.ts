import { createRng, type Rng } from '../lib/rng.ts';

/** Side of a generated road scene in pixels (default of {@link renderRoadScene}). */
export const ROAD_SCENE_SIZE = 64;
/** How far (as a fraction of the width) the road's far end moves sideways at curvature +-1. */
export const ROAD_BEND = 0.4;

/** An RGB colour, each channel in [0, 1]. */
export type Rgb = readonly [number, number, number];

/** Something beside or on the road that has nothing to do with its curvature. */
export interface SceneObject {
  readonly kind: 'tree' | 'rock' | 'car';
  /** Where it stands between the horizon (0) and the bottom of the picture (1). */
  readonly depth: number;
  /** Sideways position in road half-widths from the road's centre (|lateral| > 1: off the road). */
  readonly lateral: number;
  readonly color: Rgb;
  /** Size relative to a standard object at the same depth. */
  readonly scale: number;
}

/** Everything that determines one road scene; {@link renderRoadScene} is a pure function of it. */
export interface RoadSceneParams {
  /** The steering target in [-1, 1]: -1 the road bends hard left, 0 straight, +1 hard right. */
  readonly curvature: number;
  /** Row of the horizon as a fraction of the height. */
  readonly horizon: number;
  /** Sideways shift of the road at the bottom of the picture, as a fraction of the width. */
  readonly offset: number;
  /** Road width at the bottom of the picture, as a fraction of the width. */
  readonly roadWidth: number;
  readonly sky: Rgb;
  readonly grass: Rgb;
  readonly asphalt: Rgb;
  readonly lines: Rgb;
  /** Phase of the dashed centre line in [0, 1). */
  readonly dashPhase: number;
  readonly objects: readonly SceneObject[];
  /** Standard deviation of the per-pixel Gaussian noise. */
  readonly noise: number;
  /** Seed of that noise. */
  readonly noiseSeed: number;
}

/** A batch of rendered scenes with their steering targets. */
export interface RoadSceneSet {
  /** `count * size * size * 3` values in [0, 1], each image row-major HWC. */
  readonly images: Float32Array;
  /** The curvature of each scene, in [-1, 1]. */
  readonly curvatures: Float32Array;
  readonly count: number;
  readonly size: number;
}

const jitter = (rng: Rng, base: Rgb, amount: number): Rgb =>
  base.map((v) => Math.min(1, Math.max(0, v + rng.uniform(-amount, amount)))) as unknown as Rgb;

const grey = (level: number): Rgb => [level, level, level];

function sampleObject(rng: Rng): SceneObject {
  const roll = rng.next();
  const side = rng.next() < 0.5 ? -1 : 1;
  if (roll < 0.5) {
    return { kind: 'tree', depth: rng.uniform(0.1, 1), lateral: side * rng.uniform(1.4, 4), color: jitter(rng, [0.1, 0.45, 0.12], 0.1), scale: rng.uniform(0.7, 1.4) };
  }
  if (roll < 0.75) {
    return { kind: 'rock', depth: rng.uniform(0.1, 1), lateral: side * rng.uniform(1.3, 4), color: jitter(rng, [0.5, 0.48, 0.45], 0.15), scale: rng.uniform(0.5, 1.2) };
  }
  const onRoad = rng.next() < 0.6;
  return {
    kind: 'car',
    depth: rng.uniform(0.1, onRoad ? 0.55 : 1),
    lateral: onRoad ? rng.uniform(-0.6, 0.6) : side * rng.uniform(1.4, 3),
    color: [rng.next(), rng.next(), rng.next()],
    scale: rng.uniform(0.8, 1.2),
  };
}

/**
 * Draws random scene parameters from `rng`: curvature uniform in [-1, 1] unless `curvature` is given,
 * 1-5 distractor objects (trees, rocks, cars), random colours, horizon, road width, lane offset and noise.
 */
export function sampleRoadSceneParams(rng: Rng, curvature?: number): RoadSceneParams {
  if (curvature !== undefined && !(curvature >= -1 && curvature <= 1)) {
    throw new RangeError(`curvature must be in [-1, 1], got ${curvature}`);
  }
  const objectCount = 1 + rng.int(5);
  return {
    curvature: curvature ?? rng.uniform(-1, 1),
    horizon: rng.uniform(0.28, 0.42),
    offset: rng.uniform(-0.08, 0.08),
    roadWidth: rng.uniform(0.55, 0.8),
    sky: jitter(rng, [0.55, 0.72, 0.92], 0.12),
    grass: jitter(rng, [0.3, 0.55, 0.22], 0.12),
    asphalt: jitter(rng, grey(rng.uniform(0.22, 0.48)), 0.03),
    lines: rng.next() < 0.7 ? jitter(rng, [0.95, 0.95, 0.92], 0.05) : jitter(rng, [0.95, 0.8, 0.2], 0.05),
    dashPhase: rng.next(),
    objects: Array.from({ length: objectCount }, () => sampleObject(rng)).sort((a, b) => a.depth - b.depth),
    noise: rng.uniform(0.005, 0.03),
    noiseSeed: rng.int(2 ** 31),
  };
}

/** Screen geometry of the road at depth t (0 = horizon, 1 = bottom), in pixels. */
function roadAt(params: RoadSceneParams, size: number, t: number): { centre: number; halfWidth: number } {
  const centre = size * (0.5 + params.offset * t + ROAD_BEND * params.curvature * (1 - t) ** 2);
  const halfWidth = (size * params.roadWidth * (0.06 + 0.94 * t)) / 2;
  return { centre, halfWidth };
}

function groundColor(params: RoadSceneParams, size: number, x: number, t: number): Rgb {
  const { centre, halfWidth } = roadAt(params, size, t);
  const across = Math.abs(x - centre) / halfWidth;
  if (across > 1) return params.grass;
  if (across > 0.92) return params.lines;
  const dashOn = ((1 / (t + 0.08)) * 0.8 + params.dashPhase) % 1 < 0.5;
  return dashOn && across < 0.04 ? params.lines : params.asphalt;
}

/** Paints `color` where `inside(x, y)` holds, within the pixel box [x0, x1) x [y0, y1) of a canvas. */
function fill(canvas: Float32Array, side: number, box: [number, number, number, number], color: Rgb, inside: (x: number, y: number) => boolean): void {
  const [x0, y0, x1, y1] = box.map((v, i) => Math.min(side, Math.max(0, i < 2 ? Math.floor(v) : Math.ceil(v))));
  for (let y = y0!; y < y1!; y++) {
    for (let x = x0!; x < x1!; x++) {
      if (!inside(x + 0.5, y + 0.5)) continue;
      canvas.set(color, (y * side + x) * 3);
    }
  }
}

function drawObject(canvas: Float32Array, side: number, params: RoadSceneParams, object: SceneObject): void {
  const horizonY = params.horizon * side;
  const { centre, halfWidth } = roadAt(params, side, object.depth);
  const cx = centre + object.lateral * halfWidth;
  const baseY = horizonY + object.depth * (side - horizonY);
  const s = object.scale * object.depth * side * 0.45;
  if (object.kind === 'tree') {
    const trunk: Rgb = [0.35, 0.22, 0.1];
    fill(canvas, side, [cx - 0.07 * s, baseY - 0.5 * s, cx + 0.07 * s, baseY], trunk, () => true);
    const r = 0.32 * s;
    const cy = baseY - 0.75 * s;
    fill(canvas, side, [cx - r, cy - r, cx + r, cy + r], object.color, (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r);
  } else if (object.kind === 'rock') {
    const rx = 0.25 * s;
    const ry = 0.16 * s;
    fill(canvas, side, [cx - rx, baseY - ry, cx + rx, baseY], object.color, (x, y) => ((x - cx) / rx) ** 2 + ((y - baseY) / ry) ** 2 <= 1);
  } else {
    const w = 0.45 * s;
    const h = 0.3 * s;
    fill(canvas, side, [cx - w / 2, baseY - h, cx + w / 2, baseY], object.color, () => true);
    const glass: Rgb = [0.15, 0.18, 0.22];
    fill(canvas, side, [cx - w * 0.35, baseY - h * 0.9, cx + w * 0.35, baseY - h * 0.55], glass, () => true);
  }
}

const SUPERSAMPLE = 2;

/**
 * Renders the scene described by `params` as a `size` x `size` RGB image (HWC, values in [0, 1]):
 * sky, grass, a road whose far end bends by `curvature`, its edge lines and dashed centre line, the
 * distractor objects, and Gaussian noise. 2x2 supersampled. Default size {@link ROAD_SCENE_SIZE}.
 */
export function renderRoadScene(params: RoadSceneParams, size = ROAD_SCENE_SIZE): Float32Array {
  if (!Number.isInteger(size) || size < 8) throw new RangeError(`size must be an integer >= 8, got ${size}`);
  const side = size * SUPERSAMPLE;
  const canvas = new Float32Array(side * side * 3);
  const horizonY = params.horizon * side;
  for (let y = 0; y < side; y++) {
    const py = y + 0.5;
    for (let x = 0; x < side; x++) {
      let color: Rgb;
      if (py < horizonY) {
        const lighten = 0.25 * (py / horizonY);
        color = params.sky.map((v) => v + (1 - v) * lighten) as unknown as Rgb;
      } else {
        color = groundColor(params, side, x + 0.5, (py - horizonY) / (side - horizonY));
      }
      canvas.set(color, (y * side + x) * 3);
    }
  }
  for (const object of params.objects) drawObject(canvas, side, params, object);

  const noise = createRng(params.noiseSeed);
  const image = new Float32Array(size * size * 3);
  const weight = 1 / SUPERSAMPLE ** 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let dy = 0; dy < SUPERSAMPLE; dy++) {
          for (let dx = 0; dx < SUPERSAMPLE; dx++) {
            sum += canvas[((y * SUPERSAMPLE + dy) * side + x * SUPERSAMPLE + dx) * 3 + c]!;
          }
        }
        const value = sum * weight + params.noise * noise.normal();
        image[(y * size + x) * 3 + c] = Math.min(1, Math.max(0, value));
      }
    }
  }
  return image;
}

/**
 * `count` random road scenes from `seed` (the same seed gives the same scenes), curvature uniform in
 * [-1, 1]. Default size {@link ROAD_SCENE_SIZE}.
 */
export function generateRoadScenes(count: number, seed: string | number, size = ROAD_SCENE_SIZE): RoadSceneSet {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  const rng = createRng(seed);
  const images = new Float32Array(count * size * size * 3);
  const curvatures = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const params = sampleRoadSceneParams(rng);
    images.set(renderRoadScene(params, size), i * size * size * 3);
    curvatures[i] = params.curvature;
  }
  return { images, curvatures, count, size };
}
