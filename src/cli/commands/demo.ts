/** `saliency demo` (= `npm start`): the bundled models through the keras-vis scenarios, as an HTML gallery. */
import { setupBackend } from '../../engines/wasm/node/index.ts';
import { runDemo, type DemoResult } from '../demo/run-demo.ts';

/** Options of {@link demoCommand}. */
export interface DemoArgs {
  /** Output folder. Default 'out'. */
  readonly out: string;
  /** The reduced run. Default false. */
  readonly quick?: boolean;
  /** Default 'wasm'. */
  readonly backend?: 'wasm' | 'cpu';
}

/** Sets up the backend, runs the demo and prints where the gallery is. */
export async function demoCommand(args: DemoArgs, print: (line: string) => void): Promise<DemoResult> {
  await setupBackend({ backend: args.backend ?? 'wasm' });
  const result = await runDemo({ out: args.out, quick: args.quick ?? false, print });
  if (result.failures.length > 0) print(`${result.failures.length} method(s) failed; the gallery says which`);
  print(`open ${result.page} in a browser`);
  return result;
}
