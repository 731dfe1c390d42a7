/** Per-element running mean and variance (Welford) of attributions, per sample of a batch. */

/** Mean, mean of squares and variance of maps added one at a time, in float64. */
export class RunningMoments {
  private readonly counts: Uint32Array;
  private readonly means: Float64Array;
  private readonly squares: Float64Array;

  /** Moments of `batch` samples of `size` values each. */
  constructor(readonly batch: number, readonly size: number) {
    this.counts = new Uint32Array(batch);
    this.means = new Float64Array(batch * size);
    this.squares = new Float64Array(batch * size);
  }

  /** Adds one map (`size` values) of sample `sample`. */
  add(sample: number, values: ArrayLike<number>): void {
    const n = ++this.counts[sample] as number;
    const offset = sample * this.size;
    for (let j = 0; j < this.size; j++) {
      const value = values[j] as number;
      const mean = this.means[offset + j] as number;
      const delta = value - mean;
      const next = mean + delta / n;
      this.means[offset + j] = next;
      this.squares[offset + j] = (this.squares[offset + j] as number) + delta * (value - next);
    }
  }

  /** E[a] per element. */
  mean(): Float32Array {
    return Float32Array.from(this.means);
  }

  /** E[a^2] = Var[a] + E[a]^2 per element. */
  meanOfSquares(): Float32Array {
    return Float32Array.from(this.means, (m, i) => (this.squares[i] as number) / this.count(i) + m * m);
  }

  /** The population variance E[a^2] - E[a]^2 per element (never negative). */
  variance(): Float32Array {
    return Float32Array.from(this.squares, (s, i) => s / this.count(i));
  }

  private count(index: number): number {
    return this.counts[Math.floor(index / this.size)] as number;
  }
}
