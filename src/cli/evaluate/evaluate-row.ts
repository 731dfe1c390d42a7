/** One row of `saliency evaluate`: one metric's score of one method's map of one image. */
import type { JsonValue, TableRow } from '../tables/results-file.ts';

/** A row of the evaluate table. */
export interface EvaluateRow extends TableRow {
  readonly image: string;
  /** The method's label ('vanilla', 'integrated-gradients' ...). */
  readonly method: string;
  readonly metric: string;
  /** The class explained and scored (the predicted one unless --target); -1 when the target picks none. */
  readonly class: number;
  readonly score: number;
  readonly higherIsBetter: boolean;
  /** Model evaluations (rows) the metric ran. */
  readonly evaluations: number;
  /** Seconds the metric took on this image (wall time; differs between runs). */
  readonly seconds: number;
  /** Seconds the method took for this image's map (wall time). */
  readonly mapSeconds: number;
  /** Deletion, insertion, ROAD ...: the curve (fraction changed -> score). */
  readonly curve: { readonly x: readonly number[]; readonly y: readonly number[] } | null;
  /** MPRT: per randomised layer, the similarity of the map to the trained model's. */
  readonly perLayer: readonly { readonly layer: string; readonly similarity: number }[] | null;
  readonly warnings: readonly JsonValue[];
}

/** Columns of evaluate's results.csv, in order (curves and layers are in results.json). */
export const EVALUATE_COLUMNS = ['image', 'method', 'metric', 'class', 'score', 'higherIsBetter', 'evaluations', 'seconds', 'mapSeconds'] as const;

/** Columns that hold wall times: they differ between runs and are left out when runs are compared. */
export const TIME_COLUMNS = ['seconds', 'mapSeconds'] as const;

/** Per method and metric: the mean score over images and the mean time per evaluation. */
export interface ScoreSummary {
  readonly method: string;
  readonly metric: string;
  readonly higherIsBetter: boolean;
  readonly images: number;
  readonly meanScore: number;
  readonly meanSeconds: number;
  readonly meanMapSeconds: number;
}

/** The rows summarised per method x metric, in first-seen order. */
export function scoreSummaries(rows: readonly EvaluateRow[]): ScoreSummary[] {
  const groups = new Map<string, EvaluateRow[]>();
  rows.forEach((row) => {
    const key = `${row.method}\u0000${row.metric}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  });
  const mean = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0) / values.length;
  return [...groups.values()].map((group) => {
    const first = group[0] as EvaluateRow;
    const finite = group.map((r) => r.score).filter(Number.isFinite);
    return {
      method: first.method, metric: first.metric, higherIsBetter: first.higherIsBetter, images: group.length,
      meanScore: finite.length ? mean(finite) : NaN, meanSeconds: mean(group.map((r) => r.seconds)), meanMapSeconds: mean(group.map((r) => r.mapSeconds)),
    };
  });
}
