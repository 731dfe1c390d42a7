import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeNpy, writeNpy } from '../../src/node/output/npy.ts';
import { mapToJson, writeJson } from '../../src/node/output/json.ts';
import { writeFileAtomic } from '../../src/node/output/atomic-write.ts';
import { ndarray } from '../../src/core/ndarray.ts';
import { inTempDir, listing } from './helpers.ts';

const ascii = (bytes: Uint8Array): string => String.fromCharCode(...bytes);

test('.npy v1.0 header and bytes, checked by hand', () => {
  const bytes = encodeNpy(ndarray([1, -2.5, 0.1, 3, 4, 5], [2, 3]));
  assert.deepEqual([...bytes.subarray(0, 8)], [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], '\\x93NUMPY, version 1.0');
  const headerLength = (bytes[8] as number) + 256 * (bytes[9] as number);
  assert.equal((10 + headerLength) % 64, 0, 'the data starts on a 64-byte boundary');
  const header = ascii(bytes.subarray(10, 10 + headerLength));
  assert.match(header, /^\{'descr': '<f4', 'fortran_order': False, 'shape': \(2, 3\), \} +\n$/);
  assert.equal(bytes.length, 10 + headerLength + 6 * 4);
  const view = new DataView(bytes.buffer, 10 + headerLength);
  assert.deepEqual([0, 1, 2, 3, 4, 5].map((i) => view.getFloat32(4 * i, true)), [1, -2.5, Math.fround(0.1), 3, 4, 5]);
  // 1.0 as little-endian float32 is 00 00 80 3f
  assert.deepEqual([...bytes.subarray(10 + headerLength, 14 + headerLength)], [0, 0, 0x80, 0x3f]);
  assert.match(ascii(encodeNpy(ndarray([7], [1]))), /'shape': \(1,\), \}/);
  assert.match(ascii(encodeNpy(ndarray([7], []))), /'shape': \(\), \}/);
  assert.throws(() => encodeNpy({ data: new Float32Array(2), shape: [3] }), /array: shape \[3\] does not fit its 2 values/);
});

const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

test('numpy.load reads the .npy file back', { skip: hasNumpy ? false : 'python3 with numpy is not installed' }, async () => {
  await inTempDir(async (dir) => {
    const path = join(dir, 'map.npy');
    const values = Array.from({ length: 24 }, (_, i) => (i - 12) / 7);
    await writeNpy(path, ndarray(values, [2, 3, 4]));
    const script = 'import json, sys, numpy as np; a = np.load(sys.argv[1]); print(json.dumps([a.dtype.str, list(a.shape), bool(a.flags.c_contiguous), a.astype(float).ravel().tolist()]))';
    const run = spawnSync('python3', ['-c', script, path], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const [dtype, shape, cOrder, data] = JSON.parse(run.stdout) as [string, number[], boolean, number[]];
    assert.deepEqual([dtype, shape, cOrder], ['<f4', [2, 3, 4], true]);
    assert.deepEqual(data, values.map(Math.fround));
  });
});

test('maps as JSON: shape and row-major values', async () => {
  const map = ndarray([0.5, -1, 2, 3], [2, 2]);
  assert.deepEqual(mapToJson(map), { shape: [2, 2], data: [0.5, -1, 2, 3] });
  await inTempDir(async (dir) => {
    const path = join(dir, 'maps.json');
    await writeJson(path, { label: 'cat <3', map, raw: map.data });
    const read = JSON.parse(await readFile(path, 'utf8')) as unknown;
    assert.deepEqual(read, { label: 'cat <3', map: { data: [0.5, -1, 2, 3], shape: [2, 2] }, raw: [0.5, -1, 2, 3] });
    await assert.rejects(writeJson(join(dir, 'f.json'), () => 1), /value: cannot be written as JSON/);
    assert.deepEqual(await listing(dir), ['maps.json']);
  });
});

test('a write that fails midway keeps the old file and leaves no temporary file', async () => {
  await inTempDir(async (dir) => {
    const path = join(dir, 'result.json');
    await writeFile(path, 'old');
    async function* failing(): AsyncGenerator<string> {
      yield 'new, first half';
      throw new Error('the producer broke');
    }
    await assert.rejects(writeFileAtomic(path, failing()), new RegExp(`could not write '${path}': the producer broke`));
    assert.equal(await readFile(path, 'utf8'), 'old');
    assert.deepEqual(await listing(dir), ['result.json']);

    const occupied = join(dir, 'occupied');
    await mkdir(join(occupied, 'inside'), { recursive: true });
    await assert.rejects(writeFileAtomic(occupied, 'x'), new RegExp(`could not write '${occupied}'`));
    assert.deepEqual(await listing(dir), ['occupied', 'result.json']);

    await writeFileAtomic(path, ['new', ' content']);
    assert.equal(await readFile(path, 'utf8'), 'new content');
    assert.deepEqual(await listing(dir), ['occupied', 'result.json']);
  });
});
