import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { relativeError } from './compare.ts';

const script = fileURLToPath(new URL('./threaded-map.ts', import.meta.url));

interface ChildResult { code: number | null; threads: number; notes: string[]; globalWorker: string; values: Float32Array }

/** Runs threaded-map.ts in a fresh process (the wasm thread count is fixed per process). */
function runChild(threads: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, String(threads)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    // A child kept alive by its wasm worker threads never exits: fail instead of hanging.
    const timer = setTimeout(() => { child.kill(); reject(new Error(`threads=${threads}: the process did not exit by itself`)); }, 90_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`threads=${threads}: exit code ${code}\n${err.slice(-2000)}`));
      const parsed = JSON.parse(out) as { threads: number; notes: string[]; globalWorker: string; values: number[] };
      resolve({ code, threads: parsed.threads, notes: parsed.notes, globalWorker: parsed.globalWorker, values: Float32Array.from(parsed.values) });
    });
  });
}

test('the threaded wasm build runs in Node, gives the single-thread results, and its processes exit by themselves, also two at once', async () => {
  const [single, a, b] = await Promise.all([runChild(1), runChild(2), runChild(2)]);
  assert.equal(single.threads, 1);
  for (const threaded of [a, b]) {
    assert.deepEqual(threaded.notes, []);
    assert.equal(threaded.threads, 2);
    assert.equal(threaded.globalWorker, 'undefined', 'no globalThis.Worker left behind in Node');
    assert.ok(relativeError(threaded.values, single.values) < 1e-5);
  }
});
