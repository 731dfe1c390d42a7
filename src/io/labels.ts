import { decodeUtf8, isJsonObject, parseJson } from './json-file.ts';
import { ModelLoadError } from './model-load-error.ts';

/**
 * Reads class labels from a label file's bytes. Three layouts are understood, told apart by content:
 * - a JSON list of names: `["cat", "dog"]`;
 * - a JSON index map as in ImageNet's `imagenet_class_index.json`: `{"0": ["n01440764", "tench"], ...}`
 *   (the last string of each entry is the label) or `{"0": "tench", ...}`; keys must be 0..n-1;
 * - plain text, one label a line (`\n` or `\r\n`; blank lines at the end are ignored).
 * `file` names the file in errors.
 */
export function parseLabels(bytes: Uint8Array, file: string): string[] {
  const text = decodeUtf8(bytes);
  const trimmed = text.trimStart();
  const labels = trimmed.startsWith('[') || trimmed.startsWith('{') ? labelsFromJson(parseJson(text, file), file) : labelsFromText(text);
  if (labels.length === 0) throw new ModelLoadError(file, 'holds no labels');
  return labels;
}

function labelsFromText(text: string): string[] {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && (lines[lines.length - 1] as string).trim() === '') lines.pop();
  return lines;
}

function labelsFromJson(value: unknown, file: string): string[] {
  if (Array.isArray(value)) {
    return value.map((label, i) => {
      if (typeof label !== 'string') throw new ModelLoadError(file, `label ${i} is not a string`);
      return label;
    });
  }
  if (!isJsonObject(value)) throw new ModelLoadError(file, 'expected a JSON list of labels or an index map');
  const keys = Object.keys(value);
  const labels: string[] = [];
  for (let index = 0; index < keys.length; index++) {
    const entry = value[String(index)];
    const label = Array.isArray(entry) ? entry[entry.length - 1] : entry;
    if (entry === undefined) {
      throw new ModelLoadError(file, `the index map has ${keys.length} entries but no key "${index}"; keys must be 0..${keys.length - 1}`);
    }
    if (typeof label !== 'string') {
      throw new ModelLoadError(file, `entry "${index}" must be a label or a list ending with one`);
    }
    labels.push(label);
  }
  return labels;
}
