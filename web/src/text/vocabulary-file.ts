// The vocabulary among a user's text model files, read into the library's Vocabulary: a text file
// of one token per line (id = line number, as `saliency explain --text --vocab` reads it), or a JSON
// file: a list of tokens, a {token: id} object (Keras Tokenizer's word_index, dict.json) or a
// Hugging Face tokenizer.json ({model: {vocab: {token: id}}}).
import { parseVocabulary, type Vocabulary } from 'tfjs-saliency';

/** File names read as a vocabulary (lower case); `dict.txt` is not one: the loaders read it as labels. */
export const VOCABULARY_FILES: readonly string[] = ['vocab.txt', 'vocabulary.txt', 'tokens.txt', 'vocab.json', 'vocabulary.json', 'dict.json', 'word_index.json', 'tokenizer.json'];
/** Largest vocabulary file read, in bytes (the CLI's limit). */
export const MAX_VOCABULARY_BYTES = 16 * 2 ** 20;
/** Names a JSON vocabulary may give its out-of-vocabulary token, read as the unknown token. */
const OOV_NAMES = new Set(['<OOV>', '<oov>', '[OOV]']);

/** The vocabulary file among `files` (by name, see {@link VOCABULARY_FILES}), if any. */
export function findVocabularyFile<F extends { readonly name: string }>(files: readonly F[]): F | undefined {
  return files.find((f) => VOCABULARY_FILES.includes(f.name.toLowerCase()));
}

/** Reads vocabulary `file` (text or JSON, by its name); errors name the file and what a valid one holds. */
export async function readVocabularyFile(file: Blob & { readonly name: string }): Promise<Vocabulary> {
  if (file.size > MAX_VOCABULARY_BYTES) throw new Error(`${file.name}: ${file.size} bytes; at most ${MAX_VOCABULARY_BYTES} are read`);
  return vocabularyFromText(await file.text(), file.name);
}

/** A vocabulary from the text of file `name`: JSON when it ends in .json, else one token per line. */
export function vocabularyFromText(text: string, name: string): Vocabulary {
  try {
    return parseVocabulary(name.toLowerCase().endsWith('.json') ? jsonTokens(text).join('\n') : text);
  } catch (error) {
    throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** The tokens of a JSON vocabulary by id; ids no token has become '<unused-N>' (id 0 '<pad>' when free, as Keras reserves it). */
function jsonTokens(text: string): string[] {
  const value = JSON.parse(text) as unknown;
  if (Array.isArray(value) && value.every((t) => typeof t === 'string')) return value as string[];
  const object = value as { model?: { vocab?: unknown } } | null;
  const map = typeof object?.model?.vocab === 'object' ? object.model.vocab : value;
  if (typeof map !== 'object' || map === null || Array.isArray(map)) throw new Error('expected a list of tokens or an object {token: id}');
  const entries = Object.entries(map as Record<string, unknown>);
  if (entries.length === 0) throw new Error('the object has no tokens');
  if (!entries.every(([, id]) => Number.isInteger(id) && (id as number) >= 0)) throw new Error('every id of {token: id} must be an integer >= 0');
  const size = Math.max(...entries.map(([, id]) => id as number)) + 1;
  const tokens = Array.from({ length: size }, (_, i) => (i === 0 ? '<pad>' : `<unused-${i}>`));
  for (const [token, id] of entries) tokens[id as number] = OOV_NAMES.has(token) ? '<unk>' : token;
  return tokens;
}
