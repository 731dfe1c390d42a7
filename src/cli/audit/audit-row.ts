/** One row of `saliency audit`: where one image's evidence lies relative to its region. */
import type { TableRow } from '../tables/results-file.ts';

/** A row of the audit table. */
export interface AuditRow extends TableRow {
  readonly image: string;
  readonly method: string;
  /** The class explained (the predicted one unless --target). */
  readonly class: number;
  readonly label: string;
  /** The explained score. */
  readonly score: number;
  /** Share of the map's |value| inside the region. */
  readonly inside: number;
  /** 1 - inside. */
  readonly outside: number;
  /** Share of the image the region covers (what a uniform map would put inside). */
  readonly area: number;
  /** Share of the 2 % strongest pixels inside the region. */
  readonly peakInside: number;
  /** True when the measure of `--flag-by` (peakInside or inside) is below the threshold: the evidence lies mostly outside the region. */
  readonly flagged: boolean;
}

/** Columns of the audit's results.csv, in order. */
export const AUDIT_COLUMNS = ['image', 'method', 'class', 'label', 'score', 'inside', 'outside', 'area', 'peakInside', 'flagged'] as const;

/** Per class: how many images, their mean share inside, how many are flagged. */
export interface ClassSummary {
  readonly class: number;
  readonly label: string;
  readonly images: number;
  readonly meanInside: number;
  readonly meanPeakInside: number;
  readonly flagged: number;
}

/** The rows grouped by class (by class index). */
export function classSummaries(rows: readonly AuditRow[]): ClassSummary[] {
  const groups = new Map<number, AuditRow[]>();
  rows.forEach((row) => groups.set(row.class, [...(groups.get(row.class) ?? []), row]));
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([cls, group]) => ({
      class: cls,
      label: group[0]?.label ?? '',
      images: group.length,
      meanInside: group.reduce((s, r) => s + r.inside, 0) / group.length,
      meanPeakInside: group.reduce((s, r) => s + r.peakInside, 0) / group.length,
      flagged: group.filter((r) => r.flagged).length,
    }));
}

/**
 * The rows from the least evidence inside to the most, the worst first: by the flagging measure
 * ('peak': peakInside, 'mass': inside), then by the other one, then by image name.
 */
export function worstFirst(rows: readonly AuditRow[], by: 'peak' | 'mass'): AuditRow[] {
  const [first, second] = by === 'peak' ? (['peakInside', 'inside'] as const) : (['inside', 'peakInside'] as const);
  return [...rows].sort((a, b) => a[first] - b[first] || a[second] - b[second] || a.image.localeCompare(b.image));
}
