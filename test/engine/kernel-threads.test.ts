import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./threaded-kernels.ts', import.meta.url));

interface ChildResult {
  workerChunks: number;
  leaked: number;
  threadsAfterDispose: number;
  results: Record<string, { identical: boolean; errorVsCpu: number }>;
}

/** Runs threaded-kernels.ts in a fresh 2-thread process (the wasm thread count is fixed per process). */
function runChild(): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    // A child kept alive by the kernel worker never exits: fail instead of hanging.
    const timer = setTimeout(() => { child.kill(); reject(new Error('the process did not exit by itself')); }, 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`exit code ${code}\n${err.slice(-2000)}`));
      resolve(JSON.parse(out) as ChildResult);
    });
  });
}

test('the engine kernels split between the main thread and a worker give the one-thread values bit for bit, and the process exits by itself', async () => {
  const { workerChunks, leaked, threadsAfterDispose, results } = await runChild();
  assert.ok(workerChunks > 0, 'the worker took part');
  assert.equal(leaked, 0);
  assert.equal(threadsAfterDispose, 1, "the handle's dispose stopped the kernel threads");
  for (const [name, { identical, errorVsCpu }] of Object.entries(results)) {
    assert.ok(identical, `${name}: split runs equal the one-thread run`);
    assert.ok(errorVsCpu < 1e-5, `${name}: relative error vs cpu ${errorVsCpu}`);
  }
});
