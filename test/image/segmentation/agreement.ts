// How close two label maps are: adjusted Rand index (Hubert & Arabie 1985), boundary F-measure with a
// pixel tolerance (Martin et al. 2004), and the ratio of segment counts.

/** Distinct labels in `labels`. */
export function segmentCount(labels: ArrayLike<number>): number {
  return new Set(Array.from(labels)).size;
}

/** Adjusted Rand index of two labelings of the same pixels: 1 for the same partition, ~0 for chance. */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const pairs = (n: number): number => (n * (n - 1)) / 2;
  const joint = new Map<string, number>();
  const rows = new Map<number, number>();
  const columns = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const key = `${a[i]},${b[i]}`;
    joint.set(key, (joint.get(key) ?? 0) + 1);
    rows.set(a[i] as number, (rows.get(a[i] as number) ?? 0) + 1);
    columns.set(b[i] as number, (columns.get(b[i] as number) ?? 0) + 1);
  }
  const index = [...joint.values()].reduce((s, n) => s + pairs(n), 0);
  const sumA = [...rows.values()].reduce((s, n) => s + pairs(n), 0);
  const sumB = [...columns.values()].reduce((s, n) => s + pairs(n), 0);
  const expected = (sumA * sumB) / pairs(a.length);
  const max = (sumA + sumB) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}

/** Pixels whose right or lower neighbour has another label. */
export function boundaries(labels: ArrayLike<number>, height: number, width: number): Uint8Array {
  const edge = new Uint8Array(height * width);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if ((x + 1 < width && labels[p] !== labels[p + 1]) || (y + 1 < height && labels[p] !== labels[p + width])) edge[p] = 1;
    }
  }
  return edge;
}

/** Boundary F-measure: precision and recall of boundary pixels matched within `tolerance` pixels (Chebyshev). */
export function boundaryF(a: ArrayLike<number>, b: ArrayLike<number>, height: number, width: number, tolerance = 1): number {
  const ea = boundaries(a, height, width);
  const eb = boundaries(b, height, width);
  const matched = (from: Uint8Array, to: Uint8Array): [number, number] => {
    let hits = 0;
    let total = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (!from[y * width + x]) continue;
        total++;
        search: for (let dy = -tolerance; dy <= tolerance; dy++) {
          for (let dx = -tolerance; dx <= tolerance; dx++) {
            const yy = y + dy;
            const xx = x + dx;
            if (yy >= 0 && yy < height && xx >= 0 && xx < width && to[yy * width + xx]) {
              hits++;
              break search;
            }
          }
        }
      }
    }
    return [hits, total];
  };
  const [pHits, pTotal] = matched(ea, eb);
  const [rHits, rTotal] = matched(eb, ea);
  if (pTotal === 0 && rTotal === 0) return 1;
  const precision = pTotal === 0 ? 0 : pHits / pTotal;
  const recall = rTotal === 0 ? 0 : rHits / rTotal;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}
