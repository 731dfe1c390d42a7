/** Running one method for a figure row: timed, printed, and recorded as failed without stopping the demo. */
import type { ChannelReduction, MethodDefinition, ModelAdapter } from '../src/index.ts';
import type { DemoSample } from './bundled-models.ts';
import { formatSeconds, type DemoLog } from './demo-log.ts';
import { explainSamples, type ExplainedSamples } from './explain-samples.ts';
import type { FigureCell } from './grid-figure.ts';
import { mapPicture } from './pictures.ts';

/** One method call of a figure: what it is called in the figure and how it is run. */
export interface MethodRun {
  /** Row label, e.g. 'guided' or 'grad-cam'. */
  readonly label: string;
  readonly definition: MethodDefinition;
  readonly options: Readonly<Record<string, unknown>>;
  /** How channels are reduced to a 2-D map. Default 'max-abs'. */
  readonly reduction?: ChannelReduction;
}

/**
 * Runs `run` on `samples`, printing its time; a failure is recorded in `log` and gives undefined,
 * so one broken method does not stop the demo.
 */
export async function tryMethod(log: DemoLog, what: string, run: MethodRun, adapter: ModelAdapter, samples: readonly DemoSample[]): Promise<ExplainedSamples | undefined> {
  try {
    const explained = await explainSamples(run.definition, adapter, samples, run.options, run.reduction);
    log.print(`  ${what}: ${run.label} (${formatSeconds(explained.seconds)})`);
    explained.meta.warnings.forEach((warning) => log.print(`    warning: ${warning}`));
    return explained;
  } catch (error) {
    log.failed(`${what}: ${run.label}`, error);
    return undefined;
  }
}

/** A row of map pictures, the row's label under its first picture. */
export function mapRow(label: string, explained: ExplainedSamples, size: number): FigureCell[] {
  return explained.maps.map((map, i) => ({ image: mapPicture(map, size), ...(i === 0 ? { caption: label } : {}) }));
}

/** "name (a=1, b=2)" for a figure caption; just the name when there are no options to show. */
export function describeRun(name: string, options: Readonly<Record<string, unknown>>): string {
  const shown = Object.entries(options).filter(([key, value]) => key !== 'target' && (typeof value === 'number' || typeof value === 'string'));
  return shown.length === 0 ? name : `${name} (${shown.map(([key, value]) => `${key} ${String(value)}`).join(', ')})`;
}
