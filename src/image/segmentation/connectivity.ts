/**
 * SLIC's last step, as scikit-image does it (_enforce_label_connectivity_cython): every 4-connected
 * piece of a label becomes its own segment, pieces smaller than `minSize` join the last different
 * segment met at their border, and a piece stops growing at `maxSize` pixels. Labels are renumbered
 * 0, 1, ... in raster order of each segment's first pixel.
 */

const DX = [1, -1, 0, 0] as const;
const DY = [0, 0, 1, -1] as const;

/** Connected, renumbered labels from `labels` (height x width, row-major). */
export function enforceConnectivity(labels: Int32Array, height: number, width: number, minSize: number, maxSize: number): Int32Array {
  const out = new Int32Array(labels.length).fill(-1);
  const queue = new Int32Array(Math.max(1, Math.min(maxSize, labels.length)));
  let next = 0;
  for (let start = 0; start < labels.length; start++) {
    if (out[start] !== -1) continue;
    const label = labels[start];
    let adjacent = next;
    out[start] = next;
    queue[0] = start;
    let size = 1;
    let visited = 0;
    while (visited < size && size < maxSize) {
      const p = queue[visited] as number;
      const py = Math.floor(p / width);
      const px = p - py * width;
      for (let i = 0; i < 4; i++) {
        const x = px + (DX[i] as number);
        const y = py + (DY[i] as number);
        if (x < 0 || x >= width || y < 0 || y >= height) continue;
        const q = y * width + x;
        if (labels[q] === label && out[q] === -1) {
          out[q] = next;
          queue[size++] = q;
          if (size >= maxSize) break;
        } else if ((out[q] as number) > -1 && out[q] !== next) {
          adjacent = out[q] as number;
        }
      }
      visited++;
    }
    if (size < minSize) {
      for (let i = 0; i < size; i++) out[queue[i] as number] = adjacent;
    } else {
      next++;
    }
  }
  return out;
}
