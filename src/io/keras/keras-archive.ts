import { unzipSync } from 'fflate';
import { decodeUtf8, isJsonObject, parseJsonObject, type JsonObject } from '../json-file.ts';
import { checkSize, resolveLoadLimits, type LoadLimits } from '../limits.ts';
import { ModelLoadError } from '../model-load-error.ts';
import type { KerasWeight, KerasWeightTree } from './assign-keras-weights.ts';
import { datasetAt, groupAt, readFloat32, withHdf5File, type Group } from './hdf5-file.ts';
import { childLayers } from './keras-config.ts';
import type { KerasModelContents } from './keras-h5-file.ts';

const CONFIG = 'config.json';
const WEIGHTS = 'model.weights.h5';

/** True when `bytes` start like a zip archive. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * Reads a Keras 3 `.keras` archive: a zip holding `config.json` and `model.weights.h5`, whose
 * weights sit at `layers/<name>/vars/<i>`, `<name>` being the snake-cased class name made unique
 * with `_1`, `_2`, ... among its siblings, and nested models adding their own `layers/` level.
 * Keras 2.13-2.15 on Windows joined those paths with backslashes (keras-team/keras#18528), making
 * one root-level group named `layers\dense` instead of nested groups: both layouts are read.
 * `file` names the archive in errors. The entries' declared sizes are checked against `limits`
 * (config.json: maxJsonBytes; all entries read: maxModelBytes) before anything is inflated.
 */
export async function readKerasArchive(bytes: Uint8Array, file: string, limits: LoadLimits = {}): Promise<KerasModelContents> {
  const { maxJsonBytes, maxModelBytes } = resolveLoadLimits(limits);
  let entries: Record<string, Uint8Array>;
  let inflated = 0;
  const wanted = (entry: { name: string; originalSize: number }): boolean => {
    if (entry.name !== CONFIG && entry.name !== WEIGHTS) return false;
    if (entry.name === CONFIG) checkSize(`${file}/${CONFIG}`, entry.originalSize, maxJsonBytes, 'maxJsonBytes', 'declares an inflated size of');
    inflated += entry.originalSize;
    checkSize(`${file}/${entry.name}`, inflated, maxModelBytes, 'maxModelBytes', 'brings the inflated entries to');
    return true;
  };
  try {
    entries = unzipSync(bytes, { filter: wanted });
  } catch (error) {
    if (error instanceof ModelLoadError) throw error;
    throw new ModelLoadError(file, `not a readable zip archive (${(error as Error).message})`, { cause: error });
  }
  const configBytes = entries[CONFIG];
  const weightBytes = entries[WEIGHTS];
  if (configBytes === undefined || weightBytes === undefined) {
    throw new ModelLoadError(file, `a .keras archive must hold ${CONFIG} and ${WEIGHTS}; missing ${configBytes ? WEIGHTS : CONFIG}`);
  }
  const config = parseJsonObject(decodeUtf8(configBytes), `${file}/${CONFIG}`);
  return withHdf5File(weightBytes, `${file}/${WEIGHTS}`, limits, (h5) => ({
    config,
    weights: readLayerTree(h5, [], childLayers(config)),
    groups: weightGroups(h5),
  }));
}

function readLayerTree(root: Group, prefix: readonly string[], layers: readonly JsonObject[]): KerasWeightTree {
  const tree: KerasWeightTree = new Map();
  const used = new Map<string, number>();
  for (const layer of layers) {
    const snake = toSnakeCase(String(layer.class_name));
    const count = used.get(snake);
    used.set(snake, (count ?? -1) + 1);
    const path = [...prefix, 'layers', count === undefined ? snake : `${snake}_${count + 1}`];
    const group = groupAtPath(root, path);
    const name = String(isJsonObject(layer.config) ? layer.config.name : layer.name);
    if (group === undefined) continue;
    const children = childLayers(layer);
    tree.set(name, children.length > 0 ? readLayerTree(root, path, children) : readVars(group));
  }
  return tree;
}

/** The group at `path` below `root`: nested groups (`layers/dense`), or one group named with backslashes (`layers\dense`, Keras 2 on Windows). */
function groupAtPath(root: Group, path: readonly string[]): Group | undefined {
  return groupAt(root, path.join('/')) ?? groupAt(root, path.join('\\'));
}

const MAX_LISTED_GROUPS = 200;

/** The paths of the groups that hold a `vars` group, as stored (for messages), at most {@link MAX_LISTED_GROUPS}. */
function weightGroups(root: Group): string[] {
  const found: string[] = [];
  const walk = (group: Group, path: string, depth: number): void => {
    for (const key of group.keys()) {
      if (found.length >= MAX_LISTED_GROUPS || depth > 12) return;
      const child = groupAt(group, key);
      if (child === undefined) continue;
      const childPath = path ? `${path}/${key}` : key;
      if (key !== 'vars' && groupAt(child, 'vars') !== undefined) found.push(childPath);
      if (key !== 'vars') walk(child, childPath, depth + 1);
    }
  };
  walk(root, '', 0);
  return found;
}

function readVars(layerGroup: Group): KerasWeight[] {
  const vars = groupAt(layerGroup, 'vars');
  if (vars === undefined) return [];
  const indices = vars.keys().map(Number).sort((a, b) => a - b);
  return indices.map((index) => readFloat32(datasetAt(vars, String(index)) as NonNullable<ReturnType<typeof datasetAt>>));
}

/** Keras's `naming.to_snake_case`: `Conv2D` -> `conv2d`, `BatchNormalization` -> `batch_normalization`. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}
