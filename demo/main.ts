/**
 * `npm start` (= `node --import tsx demo/main.ts [--out DIR] [--quick] [--backend wasm|cpu]`): the
 * bundled models through the keras-vis scenarios, written as an HTML gallery. Exit codes: 0 done
 * (methods that failed are listed on the page), 1 the demo could not run, 2 bad arguments.
 */
import { Command, CommanderError, Option } from 'commander';
import { setupBackend } from '../src/node/index.ts';
import { runDemo, type DemoResult } from './run-demo.ts';

/** Options of {@link runDemoCommand}. */
export interface DemoArgs {
  /** Output folder. Default 'out'. */
  readonly out: string;
  /** The reduced run. Default false. */
  readonly quick?: boolean;
  /** Default 'wasm'. */
  readonly backend?: 'wasm' | 'cpu';
}

/** Sets up the backend, runs the demo and prints where the gallery is. */
export async function runDemoCommand(args: DemoArgs, print: (line: string) => void): Promise<DemoResult> {
  await setupBackend({ backend: args.backend ?? 'wasm' });
  const result = await runDemo({ out: args.out, quick: args.quick ?? false, print });
  if (result.failures.length > 0) print(`${result.failures.length} method(s) failed; the gallery says which`);
  print(`open ${result.page} in a browser`);
  return result;
}

/** Runs the demo with command-line `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[], print: (line: string) => void = (line) => console.log(line)): Promise<number> {
  const program = new Command('npm start --')
    .description('run the bundled models through the keras-vis scenarios and write an HTML gallery')
    .exitOverride()
    .option('--out <dir>', 'output folder', 'out')
    .option('--quick', 'the reduced demo (a few seconds)', false)
    .addOption(new Option('--backend <name>', 'TF.js backend').choices(['wasm', 'cpu']).default('wasm'))
    .action(async (options: DemoArgs) => {
      await runDemoCommand(options, print);
    });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
