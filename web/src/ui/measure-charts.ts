// The explorer's measures of the maps: deletion and insertion curves of the switched-on methods and
// the MPRT strip (similarity per randomised layer), drawn as SVG charts by the library.
import { lineChartSvg } from 'tfjs-saliency';
import type { MethodMeasures } from '../protocol.ts';
import { byId } from './dom.ts';

/** Steps of the explorer's curves (each step is one more share of the pixels). */
export const MEASURE_STEPS = 20;

const fixed = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');

/** Draws `measures` into #measure-charts (replacing what was there) and says what they are in #measure-status. */
export function showMeasures(measures: readonly MethodMeasures[], label: string): void {
  const charts = byId('measure-charts', HTMLDivElement);
  const svg: string[] = [];
  for (const kind of ['deletion', 'insertion'] as const) {
    svg.push(lineChartSvg({
      title: `${kind} (${kind === 'deletion' ? 'lower' : 'higher'} AUC is better)`, xLabel: 'fraction of pixels', yLabel: 'score', xRange: [0, 1],
      series: measures.map((m) => ({ name: `${m.method} ${fixed(m[kind].score)}`, x: m[kind].x, y: m[kind].y })),
    }));
  }
  const strips = measures.filter((m) => m.mprt);
  const layers = strips[0]?.mprt?.layers ?? [];
  if (strips.length > 0) {
    svg.push(lineChartSvg({
      title: 'MPRT: similarity to the trained model\'s map', xLabel: 'randomised down to layer', yLabel: 'Spearman', width: 420,
      xTickNames: layers, xRange: [0, Math.max(1, layers.length - 1)], yRange: [-1, 1],
      series: strips.map((m) => ({ name: m.method, x: (m.mprt?.similarity ?? []).map((_, i) => i), y: m.mprt?.similarity ?? [], dots: true })),
    }));
  }
  charts.innerHTML = svg.join('\n');
  const notes = [...new Set(measures.flatMap((m) => m.notes))];
  setMeasureStatus(`${label}: ${measures.length} method(s).${notes.length ? ` ${notes.join(' ')}` : ''}`);
}

/** The line beside the Measure button. */
export function setMeasureStatus(text: string): void {
  byId('measure-status', HTMLSpanElement).textContent = text;
}
