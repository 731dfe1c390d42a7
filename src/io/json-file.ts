import { ModelLoadError } from './model-load-error.ts';

/** A parsed JSON object (not an array, not a primitive). */
export type JsonObject = { readonly [key: string]: unknown };

/** Decodes UTF-8 bytes (a leading byte-order mark is dropped). */
export function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

/** Parses `text` as JSON, or throws a {@link ModelLoadError} naming `file` and the parser's complaint. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ModelLoadError(file, `malformed JSON (${(error as Error).message})`, { cause: error });
  }
}

/** True for a plain JSON object. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses `text` as a JSON object, naming `file` when it is malformed or not an object. */
export function parseJsonObject(text: string, file: string): JsonObject {
  const value = parseJson(text, file);
  if (!isJsonObject(value)) {
    throw new ModelLoadError(file, `expected a JSON object, found ${describeJsonValue(value)}`);
  }
  return value;
}

/** A short description of a JSON value's kind, for error messages. */
export function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
