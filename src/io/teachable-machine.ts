import { decodeUtf8, parseJsonObject } from './json-file.ts';
import { ModelLoadError } from './model-load-error.ts';
import type { PreprocessingSpec } from './preprocessing-spec.ts';

/** What a Teachable Machine `metadata.json` tells about its model. */
export interface TeachableMachineMetadata {
  /**
   * True when the file names a Teachable Machine package or version, or has the export's shape
   * (`labels`, `imageSize` and one of `modelName` / `timeStamp` / `userMetadata`), not just labels.
   */
  readonly fromTeachableMachine: boolean;
  /** True when the export was recognised by its shape alone (no `tmVersion`, no `packageName`): its preprocessing is a guess. */
  readonly guessed?: boolean;
  /** The class names, in output order. */
  readonly labels: string[];
  /** Set for image models (`@teachablemachine/image`): centre-cropped square, resized, in [-1, 1]. */
  readonly preprocessing?: PreprocessingSpec;
}

const IMAGE_PACKAGE = '@teachablemachine/image';

/**
 * Reads a `metadata.json` found beside a model.json: Teachable Machine's (labels, image size,
 * package) or any metadata with a `labels` list. Returns `undefined` for metadata with neither
 * labels nor Teachable Machine fields. `file` names it in errors.
 */
export function parseTeachableMachineMetadata(bytes: Uint8Array, file: string): TeachableMachineMetadata | undefined {
  const metadata = parseJsonObject(decodeUtf8(bytes), file);
  const { labels, imageSize, packageName, tmVersion } = metadata;
  const named = tmVersion !== undefined || String(packageName ?? '').startsWith('@teachablemachine/');
  const shaped = labels !== undefined && imageSize !== undefined && ['modelName', 'timeStamp', 'userMetadata'].some((key) => key in metadata);
  const fromTeachableMachine = named || shaped;
  if (labels === undefined && !fromTeachableMachine) return undefined;
  if (!Array.isArray(labels) || labels.some((label) => typeof label !== 'string')) {
    throw new ModelLoadError(file, "'labels' must be a list of class names");
  }
  const plain = { fromTeachableMachine, labels: labels as string[] };
  if ((packageName !== undefined && packageName !== IMAGE_PACKAGE) || imageSize === undefined) return plain;
  if (!Number.isInteger(imageSize) || (imageSize as number) <= 0) {
    throw new ModelLoadError(file, `'imageSize' must be a positive integer, found ${JSON.stringify(imageSize)}`);
  }
  const side = imageSize as number;
  return { ...plain, preprocessing: { scale: 'symmetric', size: [side, side], fit: 'center-crop' }, ...(named ? {} : { guessed: true }) };
}
