/**
 * The `saliency` command line: explain, batch, layers and predict. Exit codes: 0 success,
 * 1 failure (missing file, unreadable model ...), 2 bad arguments.
 */
import { Command, CommanderError, Option } from 'commander';
import { GRAD_MODIFIERS } from '../core/modifiers.ts';
import { COLORMAPS } from '../render/colormaps/index.ts';
import { AUDIT_MEASURES, auditCommand, DEFAULT_AUDIT_THRESHOLD } from './commands/audit.ts';
import { batchCommand } from './commands/batch.ts';
import { evaluateCommand } from './commands/evaluate.ts';
import { explainCommand } from './commands/explain.ts';
import { layersCommand } from './commands/layers.ts';
import { mergeCommand } from './commands/merge.ts';
import { predictCommand } from './commands/predict.ts';
import { parseRegionOption } from './audit/region.ts';
import { parseShardOption, parseShardsOption } from './tables/shard.ts';
import { DEFAULT_METRICS } from './evaluate/choices.ts';
import { metricNames } from '../metrics/registry.ts';
import { EXIT_OK, EXIT_USAGE, UsageError, exitCodeOf } from './errors.ts';
import { OUTPUT_FORMATS } from './figures.ts';
import { methodNames } from './method-choice.ts';
import { bytesOption, choiceListOption, choiceOption, integerListOption, integerOption, keyValueOption, numberOption, sizeOption } from './parse.ts';
import { PREPROCESS_PRESETS } from './session.ts';
import { numberListOption } from './parse.ts';
import { IMAGE_LAYOUTS } from '../engines/onnx/model/layout.ts';
import { ENGINE_CHOICES } from '../core/engine.ts';

type Print = (line: string) => void;

const EXPLAIN_OUTPUT = 'the output to explain, by index or name (needed when the model has several; `layers` lists them)';

function modelOptions(command: Command): Command {
  return command
    .requiredOption('--model <path>', 'model.json, a model folder, a .h5/.keras file or an http(s) URL')
    .option('--labels <file>', 'class names: JSON list, JSON index map or one per line (default: found beside the model)')
    .addOption(new Option('--preprocess <preset>', `pixel preprocessing (default: the model's own, else unit)`).argParser(choiceOption('--preprocess', PREPROCESS_PRESETS)))
    .addOption(new Option('--backend <name>', 'TF.js backend (default wasm)').argParser(choiceOption('--backend', ['wasm', 'cpu', 'tensorflow'] as const)))
    .addOption(new Option('--threads <n>', 'wasm threads (default: every core)').argParser(integerOption('--threads', 1, 64)))
    .addOption(new Option('--max-model-bytes <size>', 'largest model (each file and all together), e.g. 2G (default 1G)').argParser(bytesOption('--max-model-bytes')))
    .addOption(new Option('--max-json-bytes <size>', 'largest model.json, config.json or label file (default 64M)').argParser(bytesOption('--max-json-bytes')))
    .addOption(new Option('--read-timeout <ms>', 'model URLs: fail when the server sends nothing for this long (default 30000)').argParser(integerOption('--read-timeout', 1)))
    .addOption(new Option('--load-timeout <ms>', 'model URLs: fail when loading takes longer (default 600000)').argParser(integerOption('--load-timeout', 1)))
    .addOption(new Option('--max-image-pixels <n>', 'refuse images with more pixels, before decoding (default 100000000)').argParser(integerOption('--max-image-pixels', 1)))
    .addOption(new Option('--max-image-side <px>', "decode larger images scaled down to this longer side, or the model input's (default 2048)").argParser(integerOption('--max-image-side', 1)))
    .addOption(new Option('--mean <list>', '.onnx models: per-channel mean subtracted after scaling, e.g. 0.1307 (default none)').argParser(numberListOption('--mean')))
    .addOption(new Option('--std <list>', '.onnx models: per-channel std divided by after --mean, e.g. 0.3081 (default none)').argParser(numberListOption('--std')))
    .addOption(new Option('--layout <layout>', '.onnx models: image input layout (default: read from the graph)').argParser(choiceOption('--layout', IMAGE_LAYOUTS)))
    .option('--invert', '.onnx models: invert pixels (255 - value) first, for white-on-black digit models');
}

/** Options of the commands that run the model on images: the input size and the output to read. */
function inputOptions(command: Command, output: string): Command {
  return command
    .addOption(new Option('--size <HxW>', 'input height x width for models that take any size (default: each image\'s own)').argParser(sizeOption('--size')))
    .option('--output <index|name>', output);
}

/** The options that choose a method and its settings (explain, batch, audit, evaluate). */
function methodChoiceOptions(command: Command): Command {
  return command
    .addOption(new Option('--method <name>', `method: ${methodNames().join(', ')}`).default('vanilla'))
    .option('--layer <layer>', 'layer name, nested path (a/b) or index: the conv layer of --filter, or the layer of CAM methods')
    .addOption(new Option('--filter <index>', 'explain this filter of --layer (conv filter saliency)').argParser(integerOption('--filter', 0)))
    .addOption(new Option('--neuron <i,j,...>', 'explain this neuron of --layer: its position in the layer output, e.g. 3,4,7 (neuron attribution)').argParser(integerListOption('--neuron')))
    .addOption(new Option('--grad-modifier <name>', 'grad modifier').argParser(choiceOption('--grad-modifier', GRAD_MODIFIERS)))
    .addOption(new Option('--backprop <name>', 'backprop modifier').argParser(choiceOption('--backprop', ['guided', 'rectified'] as const)))
    .addOption(new Option('--softmax <mode>', 'remove (explain the logit, default) or keep a final softmax').argParser(choiceOption('--softmax', ['remove', 'keep'] as const)))
    .addOption(new Option('--engine <name>', 'gradient engine: auto (ONNX Runtime where installed and the model is covered, else TF.js; default), onnx or tfjs').argParser(choiceOption('--engine', ENGINE_CHOICES)))
    .addOption(new Option('--option <key=value>', 'a method option (repeatable), e.g. --option steps=64').argParser(keyValueOption('--option')));
}

function methodOptions(command: Command): Command {
  return methodChoiceOptions(command)
    .addOption(new Option('--format <list>', `outputs: ${OUTPUT_FORMATS.join(',')} (repeatable or comma list; default png)`).argParser(choiceListOption('--format', OUTPUT_FORMATS)))
    .addOption(new Option('--colormap <name>', 'colormap of the pictures (default jet)').argParser(choiceOption('--colormap', Object.keys(COLORMAPS) as (keyof typeof COLORMAPS)[])))
    .addOption(new Option('--alpha <a>', 'heat map weight in the overlay (default 0.5)').argParser(numberOption('--alpha', 0, 1)))
    .option('--out <dir>', 'output folder', 'out');
}

/** Options of the table commands (evaluate, audit): the data set, its shard and the output folder. */
function tableOptions(command: Command): Command {
  return command
    .requiredOption('--images <dir|glob>', "a folder, or a pattern such as 'digits/*.png'")
    .addOption(new Option('--shard <K/N|auto>', 'work on shard K of N (K from 0; images dealt round-robin over the sorted list), or auto: K from JOB_COMPLETION_INDEX').argParser(parseShardOption))
    .addOption(new Option('--shards <n>', 'number of shards for --shard auto (default: SALIENCY_SHARDS, else JOB_COMPLETION_COUNT)').argParser(parseShardsOption))
    .option('--out <dir>', "output folder ('{shard}' is replaced by the shard index)", 'out');
}

/** Builds the program; `print` receives normal output lines. */
export function buildProgram(print: Print): Command {
  const program = new Command('saliency')
    .description('Saliency and attribution maps for TensorFlow.js models')
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError('(run with --help for usage)');

  inputOptions(modelOptions(methodOptions(program.command('explain').description('explain one image: top predictions, map and overlay'))), EXPLAIN_OUTPUT)
    .option('--image <file>', 'the image (JPEG, PNG, WebP, GIF)')
    .option('--text <sentence>', 'a sentence for a token model (with --vocab): attributions per word')
    .option('--vocab <file>', 'the vocabulary of --text: one token per line, the line number is its id')
    .addOption(new Option('--target <class>', 'class index to explain (default: the top prediction)').argParser(integerOption('--target', 0)))
    .addOption(new Option('--top <k>', 'explain each of the top k predicted classes').argParser(integerOption('--top', 1, 100)))
    .action(async (options) => explainCommand({ format: ['png'], ...options }, print));

  inputOptions(modelOptions(methodOptions(program.command('batch').description('explain a folder of images, resumable, with an HTML gallery'))), EXPLAIN_OUTPUT)
    .requiredOption('--images <dir|glob>', "a folder, or a pattern such as 'photos/*.jpg'")
    .addOption(new Option('--target <class>', 'class index to explain (default: each image\'s top prediction)').argParser(integerOption('--target', 0)))
    .addOption(new Option('--batch-size <n>', 'images per engine call').argParser(integerOption('--batch-size', 1, 1024)).default(16))
    .action(async (options) => {
      await batchCommand({ format: ['png'], ...options }, print);
    });

  modelOptions(program.command('layers').description('the layer table (index, name, class, output shape, nested path)')).action(async (options) =>
    layersCommand(options, print),
  );

  inputOptions(modelOptions(program.command('predict').description('top-k predictions')), 'the output to show, by index or name (default: every output)')
    .requiredOption('--image <file...>', 'one or more images')
    .addOption(new Option('--top <k>', 'how many predictions').argParser(integerOption('--top', 1, 1000)).default(5))
    .action(async (options) => predictCommand(options, print));

  const evaluate = program.command('evaluate').description('score methods\' maps with metrics (deletion, insertion, MPRT ...) over images: table, curves, report');
  tableOptions(inputOptions(modelOptions(methodChoiceOptions(evaluate)), EXPLAIN_OUTPUT))
    .option('--metric <list>', `metrics, comma list: ${metricNames().join(', ')} (default ${DEFAULT_METRICS.join(',')})`)
    .addOption(new Option('--metric-option <key=value>', 'a metric option (repeatable), given to every chosen metric that has it, e.g. --metric-option steps=20').argParser(keyValueOption('--metric-option')))
    .addOption(new Option('--target <class>', 'class index to explain and score (default: each image\'s top prediction)').argParser(integerOption('--target', 0)))
    .action(async (options) => {
      await evaluateCommand(options, print);
    });
  const methodFlag = evaluate.options.find((o) => o.long === '--method');
  if (methodFlag) methodFlag.description = `methods, comma list: ${methodNames().join(', ')}`;

  tableOptions(inputOptions(modelOptions(methodChoiceOptions(program.command('audit').description('share of attribution inside a region per image and class; flags images whose evidence lies outside'))), EXPLAIN_OUTPUT))
    .option('--masks <dir|glob>', 'one mask image per image (same name, or name_mask.png): bright pixels are the region')
    .addOption(new Option('--region <x,y,w,h>', 'the region as a rectangle in image pixels, the same for every image').argParser(parseRegionOption))
    .addOption(new Option('--threshold <share>', `flag images with less than this share inside (default ${DEFAULT_AUDIT_THRESHOLD})`).argParser(numberOption('--threshold', 0, 1)))
    .addOption(new Option('--flag-by <measure>', 'peak: share of the strongest 2 % of pixels inside (default); mass: share of the total |attribution| inside').argParser(choiceOption('--flag-by', AUDIT_MEASURES)))
    .addOption(new Option('--target <class>', 'class index to explain (default: each image\'s top prediction)').argParser(integerOption('--target', 0)))
    .action(async (options) => {
      await auditCommand(options, print);
    });

  program
    .command('merge')
    .description('join the output folders of the shards of one evaluate or audit run into one table and report')
    .argument('<dirs...>', 'the shards\' output folders')
    .option('--out <dir>', 'output folder', 'out')
    .action(async (dirs: string[], options: { out: string }) => {
      await mergeCommand({ dirs, out: options.out }, print);
    });

  return program;
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[], print: Print = (line) => console.log(line)): Promise<number> {
  const program = buildProgram(print);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return EXIT_OK;
      return EXIT_USAGE;
    }
    const code = exitCodeOf(error);
    process.stderr.write(`saliency: ${error instanceof Error ? error.message : String(error)}\n`);
    if (code === EXIT_USAGE && !(error instanceof UsageError)) process.stderr.write('(run with --help for usage)\n');
    return code;
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
