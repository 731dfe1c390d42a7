/**
 * Choosing the layer a CAM method reads: the one the user names, or the nearest layer before the
 * target whose output has spatial extent, also inside nested models. Unlike keras-vis, the layer
 * right before the target is considered (no off-by-one) and maps of size 1 (global pooling, or
 * ResNet50's 1x1 average pooling) are never picked.
 */
import { SaliencyError, listForMessage } from '../../core/errors.ts';
import type { LayerInfo, LayerRef } from '../../core/layers.ts';
import type { ModelAdapter } from '../../core/model.ts';

/** The layer a CAM reads, and whether it was found automatically. */
export interface CamLayer {
  readonly info: LayerInfo;
  readonly automatic: boolean;
}

/** Output ranks a CAM layer may have: [N, L, C] (1-D) or [N, H, W, C] (2-D), channels last. */
const CAM_RANKS = [3, 4];

/** True when the layer's output is a channels-last map of `rank` whose spatial sizes all exceed 1 (or are free). */
export function hasSpatialOutput(info: LayerInfo, rank: number): boolean {
  const shape = info.outputShape;
  if (shape.length !== rank || info.className === 'InputLayer') return false;
  return shape.slice(1, -1).every((d) => d === null || d > 1);
}

/**
 * The layer `ref` names, or (when `ref` is undefined) the nearest layer before `targetLayer` (the
 * model's output when undefined) whose output has rank `rank` (that of the model input: 4 for
 * images) with every spatial size above 1. The layer table lists nested models depth first, so
 * the search walks into them.
 */
export function resolveCamLayer(
  adapter: ModelAdapter,
  ref: LayerRef | undefined,
  targetLayer: LayerRef | undefined,
  rank: number,
  argument = 'layer',
): CamLayer {
  if (ref !== undefined) {
    const info = adapter.layer(ref, argument);
    if (!CAM_RANKS.includes(info.outputShape.length)) {
      throw new SaliencyError(
        'INVALID_ARGUMENT',
        `${argument}: '${info.path.join('/')}' outputs shape [${formatShape(info.outputShape)}]; a CAM needs a ` +
          `channels-last map [batch, height, width, channels] (or [batch, length, channels]); ` +
          `spatial layers are: ${spatialLayerList(adapter.layers(), rank)}`,
        argument,
      );
    }
    return { info, automatic: false };
  }
  const table = adapter.layers();
  const end = targetLayer === undefined ? table.length : table.findIndex((row) => row.layer === adapter.layer(targetLayer, 'target.layer').layer);
  for (let i = end - 1; i >= 0; i--) {
    const row = table[i] as LayerInfo;
    if (hasSpatialOutput(row, rank)) return { info: row, automatic: true };
  }
  throw new SaliencyError(
    'LAYER_NOT_FOUND',
    `${argument}: no layer before the target has a spatial output (rank ${rank} with every spatial size above 1); ` +
      `name one; layers are: ${listForMessage(table.map((row) => `${row.path.join('/')} [${formatShape(row.outputShape)}]`))}`,
    argument,
  );
}

function spatialLayerList(table: readonly LayerInfo[], rank: number): string {
  const names = table.filter((row) => hasSpatialOutput(row, rank)).map((row) => row.path.join('/'));
  return names.length > 0 ? listForMessage(names) : '(none)';
}

function formatShape(shape: readonly (number | null)[]): string {
  return shape.map((d) => (d === null ? 'any' : d)).join(', ');
}
