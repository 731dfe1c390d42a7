/**
 * A procedural sentiment corpus for the bundled text model: short movie-review sentences built from
 * a fixed vocabulary of positive, negative, negating and neutral words. A sentence's label is the
 * sign of the sum of its sentiment words, each flipped when "not" or "never" stands right before it,
 * so the model must learn word polarity and local negation, and a correct token attribution is known.
 */
import { createRng } from '../lib/rng.ts';

/** Words that speak for a positive review. */
export const POSITIVE_WORDS = ['good', 'great', 'excellent', 'love', 'wonderful', 'enjoyed', 'best', 'fun', 'amazing', 'brilliant', 'beautiful', 'liked'];
/** Words that speak for a negative review. */
export const NEGATIVE_WORDS = ['bad', 'terrible', 'awful', 'hate', 'boring', 'worst', 'poor', 'dull', 'horrible', 'disappointing', 'ugly', 'waste'];
/** Words that flip the polarity of the word after them. */
export const NEGATIONS = ['not', 'never'];
/** Words that carry no sentiment. */
export const NEUTRAL_WORDS = ['the', 'a', 'movie', 'film', 'story', 'was', 'is', 'it', 'this', 'plot', 'acting', 'and', 'but', 'very', 'really', 'i', 'we', 'actors', 'music', 'ending', 'quite', 'so', 'of', 'with', 'scenes'];
/** Sequence length of the model (words per sentence, padded). */
export const SENTENCE_LENGTH = 12;
/** The vocabulary, one token per id: padding, unknown, then the words. */
export const SENTIMENT_VOCABULARY = ['<pad>', '<unk>', ...NEGATIONS, ...POSITIVE_WORDS, ...NEGATIVE_WORDS, ...NEUTRAL_WORDS];
/** Output labels. */
export const SENTIMENT_LABELS = ['negative', 'positive'];

/** A generated sentence with its label (0 negative, 1 positive). */
export interface SentimentSentence {
  readonly words: readonly string[];
  readonly label: number;
}

/** `count` sentences from seed `seed`; sentences whose sentiment sums to 0 are drawn again. */
export function generateSentences(count: number, seed: string): SentimentSentence[] {
  const rng = createRng(seed);
  const pick = <T>(items: readonly T[]): T => items[rng.int(items.length)] as T;
  const out: SentimentSentence[] = [];
  while (out.length < count) {
    const words: string[] = [];
    let sum = 0;
    const opinions = 1 + rng.int(3);
    for (let o = 0; o < opinions; o++) {
      for (let f = rng.int(3); f > 0; f--) words.push(pick(NEUTRAL_WORDS));
      const positive = rng.next() < 0.5;
      const negated = rng.next() < 0.3;
      if (negated) words.push(pick(NEGATIONS));
      words.push(pick(positive ? POSITIVE_WORDS : NEGATIVE_WORDS));
      sum += (positive ? 1 : -1) * (negated ? -1 : 1);
    }
    for (let f = rng.int(3); f > 0; f--) words.push(pick(NEUTRAL_WORDS));
    if (sum === 0 || words.length > SENTENCE_LENGTH) continue;
    out.push({ words, label: sum > 0 ? 1 : 0 });
  }
  return out;
}

/** Ids of `words` padded with 0 to {@link SENTENCE_LENGTH}. */
export function sentenceIds(words: readonly string[]): number[] {
  const ids = words.map((w) => SENTIMENT_VOCABULARY.indexOf(w));
  if (ids.some((i) => i < 0)) throw new Error(`a word of '${words.join(' ')}' is not in the vocabulary`);
  return [...ids, ...new Array<number>(SENTENCE_LENGTH - ids.length).fill(0)];
}
