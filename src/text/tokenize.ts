/**
 * Text input for token models: a vocabulary (one token per line, the line number is its id) and a
 * tokenizer that lower-cases, splits into words and maps them to ids, padded or cut to the model's
 * sequence length. Browser-safe; the CLI (`explain --text --vocab`) and the explorer use it.
 */
import { SaliencyError, check } from '../core/errors.ts';

/** Names a vocabulary may give its padding token (id used for padding and as the attribution baseline). */
export const PAD_TOKENS: readonly string[] = ['<pad>', '[PAD]', '<PAD>'];
/** Names a vocabulary may give its unknown-word token. */
export const UNKNOWN_TOKENS: readonly string[] = ['<unk>', '[UNK]', '<UNK>'];
/** Largest vocabulary read (lines). */
export const MAX_VOCABULARY = 1_000_000;

/** A vocabulary: token -> id, and the ids of its padding and unknown tokens. */
export interface Vocabulary {
  readonly tokens: readonly string[];
  readonly ids: ReadonlyMap<string, number>;
  /** Id of the padding token: `PAD_TOKENS` if listed, else 0. */
  readonly pad: number;
  /** Id of the unknown-word token, when the vocabulary has one. */
  readonly unknown?: number;
}

/** Reads a vocabulary from text, one token per line (id = line number, from 0); blank trailing lines are ignored. */
export function parseVocabulary(text: string): Vocabulary {
  const tokens = text.replace(/\r/g, '').replace(/\n+$/, '').split('\n');
  check(tokens.length <= MAX_VOCABULARY, 'vocab', `has ${tokens.length} lines; at most ${MAX_VOCABULARY} are read`);
  check(tokens.length >= 2 && tokens.every((t) => t.length > 0), 'vocab', 'expected one token per line (at least 2), no empty lines');
  const ids = new Map<string, number>();
  tokens.forEach((t, i) => {
    if (!ids.has(t)) ids.set(t, i);
  });
  const find = (names: readonly string[]): number | undefined => names.map((n) => ids.get(n)).find((i) => i !== undefined);
  const unknown = find(UNKNOWN_TOKENS);
  return { tokens, ids, pad: find(PAD_TOKENS) ?? 0, ...(unknown !== undefined ? { unknown } : {}) };
}

/** A tokenized text: the words kept, their ids, and the padded id row the model reads. */
export interface TokenizedText {
  /** The words, lower-cased, as the model sees them (at most `length`). */
  readonly words: readonly string[];
  /** `length` ids: the words' ids then padding. */
  readonly ids: readonly number[];
  /** Words not in the vocabulary (read as the unknown token). */
  readonly unknownWords: readonly string[];
  /** True when the text had more words than `length` (the rest was cut). */
  readonly truncated: boolean;
}

/**
 * Splits `text` into lower-case words (letters, digits and apostrophes), maps them to ids of
 * `vocabulary` and pads with its padding id to `length`. A word outside the vocabulary reads as its
 * unknown token; without one it is an error naming the word.
 */
export function tokenize(text: string, vocabulary: Vocabulary, length: number): TokenizedText {
  check(Number.isInteger(length) && length > 0, 'length', `must be a positive integer, got ${length}`);
  const all = text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
  check(all.length > 0, 'text', 'has no words');
  const words = all.slice(0, length);
  const unknownWords = words.filter((w) => !vocabulary.ids.has(w));
  if (unknownWords.length > 0 && vocabulary.unknown === undefined) {
    throw new SaliencyError('INVALID_ARGUMENT', `text: '${unknownWords[0]}' is not in the vocabulary, which has no unknown token (${UNKNOWN_TOKENS.join(', ')})`, 'text');
  }
  const ids = words.map((w) => vocabulary.ids.get(w) ?? (vocabulary.unknown as number));
  while (ids.length < length) ids.push(vocabulary.pad);
  return { words, ids, unknownWords, truncated: all.length > length };
}
