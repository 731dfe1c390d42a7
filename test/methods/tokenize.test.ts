// The tokenizer of text inputs (vocabulary files, padding, unknown words, truncation) and the
// highlighting of token attributions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SaliencyError, parseVocabulary, tokenHighlightHtml, tokenHighlights, tokenize } from '../../src/index.ts';

test('tokenize: lower-cased words to ids, padded with <pad>, unknown words read as <unk>, long texts cut', () => {
  const vocab = parseVocabulary('<pad>\n<unk>\nnot\ngood\nfilm\n');
  assert.equal(vocab.pad, 0);
  assert.equal(vocab.unknown, 1);
  const short = tokenize('Not GOOD, film!', vocab, 5);
  assert.deepEqual(short, { words: ['not', 'good', 'film'], ids: [2, 3, 4, 0, 0], unknownWords: [], truncated: false });
  const long = tokenize("not a good film isn't", vocab, 3);
  assert.deepEqual(long.ids, [2, 1, 3]);
  assert.deepEqual(long.unknownWords, ['a']);
  assert.equal(long.truncated, true);
  const strict = parseVocabulary('[PAD]\nyes\nno');
  assert.equal(strict.pad, 0);
  assert.throws(() => tokenize('maybe', strict, 2), (e: unknown) => e instanceof SaliencyError && /'maybe' is not in the vocabulary/.test(e.message));
  assert.throws(() => parseVocabulary('a\n\nb'), /one token per line/);
  assert.throws(() => tokenize('...', vocab, 2), /no words/);
});

test('token highlights: red for positive, blue for negative, opacity relative to the largest |score|; HTML escaped', () => {
  const h = tokenHighlights(['a', 'b', 'c'], [2, -1, 0]);
  assert.deepEqual(h.map((t) => t.background), ['rgba(214, 39, 40, 1.00)', 'rgba(31, 119, 180, 0.50)', 'rgba(214, 39, 40, 0.00)']);
  assert.match(tokenHighlightHtml(['<b>'], [1]), /&lt;b&gt;<\/span>/);
});
