// The text flow in the explorer's worker: holds one token model with its vocabulary, predicts a
// sentence and explains it with one registered method at a time (tokenize -> method at the
// Embedding layer -> one value per word), with progress and the request's AbortSignal.
import * as tf from '@tensorflow/tfjs';
import { getMethod, inputEmbedding, tokenAttributions, tokenize, type LoadedModel, type Vocabulary } from 'tfjs-saliency';
import { loadWithLibrary } from '../worker/load-model.ts';
import { classProbabilities } from '../worker/predict.ts';
import { textMethods, textOptions } from './text-methods.ts';
import type { TextExplanation, TextModelInfo, TextModelSource, TextPrediction, TextRequest, TextResults } from './text-protocol.ts';
import { findVocabularyFile, MAX_VOCABULARY_BYTES, readVocabularyFile, VOCABULARY_FILES, vocabularyFromText } from './vocabulary-file.ts';

interface LoadedText {
  readonly model: tf.LayersModel;
  readonly vocabulary: Vocabulary;
  readonly info: TextModelInfo;
}

let loaded: LoadedText | undefined;

/** Answers one text request; `onProgress` reports the fraction done, `signal` stops an explanation. */
export async function handleText(request: TextRequest, onProgress: (fraction: number) => void, signal: AbortSignal): Promise<TextResults[keyof TextResults]> {
  switch (request.type) {
    case 'load-text-model': {
      const next = await loadTextModel(request.source);
      loaded?.model.dispose();
      loaded = next;
      return next.info;
    }
    case 'predict-text':
      return predictText(current(), request.text);
    case 'explain-text':
      return explainText(current(), request.text, request.method, request.target, onProgress, signal);
  }
}

function current(): LoadedText {
  if (loaded === undefined) throw new Error('no text model is loaded yet');
  return loaded;
}

async function loadTextModel(source: TextModelSource): Promise<LoadedText> {
  let vocabulary: Vocabulary;
  let modelFiles: readonly File[] | undefined;
  if (source.kind === 'bundled') {
    const response = await fetch(source.vocabUrl);
    if (!response.ok) throw new Error(`${source.vocabUrl}: HTTP ${response.status}`);
    vocabulary = vocabularyFromText(await response.text(), source.vocabUrl);
  } else {
    const file = findVocabularyFile(source.files);
    if (file === undefined) throw new Error(`a text model needs its vocabulary among the files: one of ${VOCABULARY_FILES.join(', ')} (at most ${MAX_VOCABULARY_BYTES} bytes)`);
    vocabulary = await readVocabularyFile(file);
    modelFiles = source.files.filter((f) => f !== file);
  }
  return loadWithLibrary(source, (library, name) => ({ model: checkTokenModel(library, name), vocabulary, info: describe(library, vocabulary, name) }), modelFiles);
}

/** The model as a layers model with one input of token ids [batch, length] feeding an Embedding layer, or an error saying what it is. */
function checkTokenModel(library: LoadedModel, name: string): tf.LayersModel {
  const model = library.model;
  if (!(model instanceof tf.LayersModel)) throw new Error(`${name}: the text flow explains TF.js layers models (graph models have no Embedding layer to attribute to)`);
  const shape = model.inputs.map((i) => i.shape);
  if (shape.length !== 1 || shape[0]?.length !== 2 || typeof shape[0][1] !== 'number') {
    throw new Error(`${name}: a text model takes one input of token ids [batch, length]; this one's inputs are ${shape.map((s) => `[${s.join(', ')}]`).join(', ')}`);
  }
  if (inputEmbedding(model) === undefined) throw new Error(`${name}: its input feeds no Embedding layer, so there is nothing to attribute the words to`);
  return model;
}

function describe(library: LoadedModel, vocabulary: Vocabulary, name: string): TextModelInfo {
  const model = library.model as tf.LayersModel;
  const embedding = inputEmbedding(model) as tf.layers.Layer;
  const classes = model.outputs[0]?.shape.at(-1) ?? 1;
  const labels = Array.from({ length: classes }, (_, i) => library.labels?.[i] ?? `class ${i}`);
  const { methods, hidden } = textMethods(embedding.name, vocabulary.pad);
  return {
    name,
    format: library.format,
    length: model.inputs[0]?.shape[1] as number,
    labels,
    embedding: embedding.name,
    vocabularySize: vocabulary.tokens.length,
    pad: vocabulary.tokens[vocabulary.pad] ?? '',
    unknown: vocabulary.unknown === undefined ? '' : (vocabulary.tokens[vocabulary.unknown] ?? ''),
    methods,
    hidden,
  };
}

async function predictText(text: LoadedText, sentence: string): Promise<TextPrediction> {
  const tokens = tokenize(sentence, text.vocabulary, text.info.length);
  const probabilities = await classProbabilities(text.model, { data: Float32Array.from(tokens.ids), shape: [tokens.ids.length] }, 0);
  return { words: tokens.words, ids: tokens.ids, unknownWords: tokens.unknownWords, truncated: tokens.truncated, probabilities };
}

async function explainText(text: LoadedText, sentence: string, method: string, target: number, onProgress: (fraction: number) => void, signal: AbortSignal): Promise<TextExplanation> {
  const tokens = tokenize(sentence, text.vocabulary, text.info.length);
  const options = {
    ...textOptions(method, text.info.embedding, text.vocabulary.pad),
    target,
    signal,
    onProgress: ({ done, total }: { done: number; total: number }) => onProgress(total > 0 ? done / total : 0),
  };
  const result = await getMethod(method).run(text.model, { data: Float32Array.from(tokens.ids), shape: [1, tokens.ids.length] }, options);
  onProgress(1);
  const perToken = result.map.shape.length > 2 ? tokenAttributions(result.map) : result.map;
  const delta = (result.meta.extra as { delta?: unknown } | undefined)?.delta;
  return {
    method,
    scores: Array.from(perToken.data.slice(0, tokens.words.length)),
    delta: Array.isArray(delta) && typeof delta[0] === 'number' ? delta[0] : typeof delta === 'number' ? delta : undefined,
    notes: [...result.meta.warnings],
  };
}
