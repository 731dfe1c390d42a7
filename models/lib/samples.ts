/** One example input shipped with a bundled model (for demos and the browser page). */
export interface Sample {
  /** What it is, e.g. "digit 3 (held-back index 857)". */
  readonly name: string;
  /** The true class index (classifiers) or target value (regression). */
  readonly target: number;
  /** `shape`'s product values in [0, 1], HWC. */
  readonly pixels: Float32Array;
}

/** A model's samples file (`samples.json`): pixels stored as base64 of 8-bit values (v * 255). */
export interface SamplesFile {
  readonly shape: readonly number[];
  readonly encoding: 'uint8-base64';
  readonly samples: readonly { readonly name: string; readonly target: number; readonly pixels: string }[];
}

/** Name of the samples file in a model folder. */
export const SAMPLES_JSON = 'samples.json';

/** Packs samples of one `shape` into the {@link SamplesFile} form (values rounded to 1/255). */
export function encodeSamples(shape: readonly number[], samples: readonly Sample[]): SamplesFile {
  const size = shape.reduce((n, d) => n * d, 1);
  return {
    shape,
    encoding: 'uint8-base64',
    samples: samples.map(({ name, target, pixels }) => {
      if (pixels.length !== size) throw new RangeError(`sample '${name}' has ${pixels.length} values, shape ${shape.join('x')} needs ${size}`);
      const bytes = Array.from(pixels, (v) => String.fromCharCode(Math.round(Math.min(1, Math.max(0, v)) * 255)));
      return { name, target, pixels: btoa(bytes.join('')) };
    }),
  };
}

/** Unpacks a {@link SamplesFile} (works in Node and in the browser). */
export function decodeSamples(file: SamplesFile): Sample[] {
  if (file.encoding !== 'uint8-base64') throw new Error(`samples encoding must be 'uint8-base64', got '${String(file.encoding)}'`);
  return file.samples.map(({ name, target, pixels }) => {
    const binary = atob(pixels);
    return { name, target, pixels: Float32Array.from(binary, (ch) => ch.charCodeAt(0) / 255) };
  });
}
