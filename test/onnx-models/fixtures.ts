/**
 * Models exported by PyTorch at test time (export_models.py, Debian's python3-torch, -torchvision
 * and -onnx; see .ci/apt-packages) with PyTorch's answers, and the skip reason when they are missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nchwToNhwc } from '../../src/engines/onnx/model/layout-transpose.ts';

const SCRIPT = new URL('./export_models.py', import.meta.url).pathname;

/** The Python with torch, torchvision and onnx, or undefined. */
function python(): string | undefined {
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    if (spawnSync(candidate, ['-c', 'import torch, torchvision, onnx'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  return undefined;
}

const PYTHON = python();
/** Why the PyTorch tests skip, or false when they run. */
export const SKIP: string | false = PYTHON
  ? false
  : 'needs python3 with torch, torchvision and onnx (Debian: apt-get install python3-torch python3-torchvision python3-onnx)';

/**
 * A temp folder with every model exported once per version of export_models.py (the test files
 * share it: written to a fresh folder, then renamed into place) and a scratch folder the caller
 * may write to; `remove()` deletes the scratch folder.
 */
export function exportModels(): { folder: string; scratch: string; remove(): void } {
  const digest = createHash('sha256').update(readFileSync(SCRIPT)).digest('hex').slice(0, 16);
  const folder = join(tmpdir(), `tfjs-saliency-onnx-models-${digest}`);
  if (!existsSync(join(folder, 'done'))) {
    const fresh = mkdtempSync(join(tmpdir(), 'onnx-models-'));
    execFileSync(PYTHON as string, [SCRIPT, fresh], { stdio: ['ignore', 'ignore', 'inherit'] });
    writeFileSync(join(fresh, 'done'), '');
    try {
      renameSync(fresh, folder);
    } catch {
      rmSync(fresh, { recursive: true, force: true });
      if (!existsSync(join(folder, 'done'))) throw new Error(`cannot place the exported models in ${folder}`);
    }
  }
  const scratch = mkdtempSync(join(tmpdir(), 'onnx-scratch-'));
  return { folder, scratch, remove: () => rmSync(scratch, { recursive: true, force: true }) };
}

/** PyTorch's answers for one model (see export_models.py), the arrays as Float32Array. */
export interface Reference {
  /** The input batch in the model's own layout. */
  readonly input: Float32Array;
  readonly inputShape: readonly number[];
  readonly logits: Float32Array;
  readonly targets: readonly number[];
  readonly saliency: Float32Array;
  readonly integratedGradients: Float32Array;
  readonly steps: number;
}

/** Reads NAME.json from `folder`. */
export function reference(folder: string, name: string): Reference {
  const raw = JSON.parse(readFileSync(join(folder, `${name}.json`), 'utf8')) as Record<string, unknown>;
  const f32 = (key: string) => Float32Array.from(raw[key] as number[]);
  return {
    input: f32('input'),
    inputShape: raw.inputShape as number[],
    logits: f32('logits'),
    targets: raw.targets as number[],
    saliency: f32('saliency'),
    integratedGradients: f32('integratedGradients'),
    steps: raw.steps as number,
  };
}

/** An NCHW batch of `shape` [N, C, H, W] in NHWC order. */
export function toNhwc(values: Float32Array, shape: readonly number[]): Float32Array {
  const [n, c, h, w] = shape as [number, number, number, number];
  return nchwToNhwc(values, n, h, w, c);
}
