/** The machine-readable description that every bundled model folder carries as `model-card.json`. */
export interface ModelCard {
  /** Folder name under models/. */
  readonly name: string;
  readonly title: string;
  readonly task: 'classification' | 'regression';
  readonly description: string;
  /** Layer by layer, in words. */
  readonly architecture: string;
  readonly input: {
    /** One sample's shape, height x width x channels. */
    readonly shape: readonly number[];
    /** Range of the input values. */
    readonly range: readonly [number, number];
  };
  /** How the outputs read: the labels file names each output unit. */
  readonly output: string;
  /** Where the training and evaluation data come from. */
  readonly data: string;
  readonly training: {
    /** The command that reproduces the weights, run from the repository root. */
    readonly command: string;
    readonly seed: string;
    readonly backend: string;
    readonly epochs: number;
    readonly batchSize: number;
    readonly learningRate: number;
    readonly trainingSamples: number;
    /** Wall-clock seconds of the training loop. */
    readonly seconds: number;
    /** CPU seconds (user + system) of the training loop: comparable across loaded and idle machines. */
    readonly cpuSeconds?: number;
  };
  /** Measured on the shipped (float16) weights; the keys say on what. */
  readonly metrics: Readonly<Record<string, number>>;
  /** What each metric means. */
  readonly metricNotes: Readonly<Record<string, string>>;
  readonly weights: { readonly dtype: 'float16' | 'float32'; readonly bytes: number; readonly parameters: number };
}

/**
 * Name of the model card in a model folder (not `metadata.json`, which model loaders read as
 * Teachable Machine metadata).
 */
export const MODEL_CARD_JSON = 'model-card.json';
/** Name of the labels file in a model folder: a JSON array with one name per output unit. */
export const LABELS_JSON = 'labels.json';

const formatMetric = (key: string, value: number): string =>
  /accuracy|fraction|follows|saliency/i.test(key) ? `${(100 * value).toFixed(2)} %` : value.toFixed(4);

/** The README.md of a model folder, written from its card so the two never disagree. */
export function renderModelReadme(card: ModelCard): string {
  const t = card.training;
  const metricRows = Object.entries(card.metrics).map(
    ([key, value]) => `| ${key} | ${formatMetric(key, value)} | ${card.metricNotes[key] ?? ''} |`,
  );
  return [
    `# ${card.title} (\`models/${card.name}\`)`,
    '',
    card.description,
    '',
    `- Architecture: ${card.architecture}`,
    `- Input: ${card.input.shape.join(' x ')}, values in [${card.input.range.join(', ')}].`,
    `- Output: ${card.output}`,
    `- Data: ${card.data}`,
    `- Weights: ${card.weights.parameters.toLocaleString('en-US')} parameters, stored as ${card.weights.dtype} ` +
      `(${(card.weights.bytes / 1e6).toFixed(2)} MB); TF.js layers format, load with \`tf.loadLayersModel\`.`,
    `- Training: Adam, learning rate ${t.learningRate}, ${t.epochs} epochs, batch ${t.batchSize}, ` +
      `${t.trainingSamples.toLocaleString('en-US')} samples, seed \`${t.seed}\`, ${t.backend} backend, ${t.seconds.toFixed(0)} s wall-clock` +
      `${t.cpuSeconds === undefined ? '' : ` (${t.cpuSeconds.toFixed(0)} s of CPU time)`}.`,
    `- Reproduce: \`${t.command}\``,
    '',
    '## Measured (on the shipped float16 weights)',
    '',
    '| metric | value | meaning |',
    '|---|---|---|',
    ...metricRows,
    '',
    'Files: `model.json` + `weights.bin` (the model), `labels.json` (one name per output unit), ',
    '`model-card.json` (this page as data), `train.ts` (the script that trained it).',
    '',
  ].join('\n');
}
