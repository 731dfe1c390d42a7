import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { disposeModel } from '../../src/io/dispose-model.ts';
import { parseLabels } from '../../src/io/labels.ts';
import { ModelLoadError } from '../../src/io/model-load-error.ts';
import { parseTeachableMachineMetadata } from '../../src/io/teachable-machine.ts';
import { loadModel } from '../../src/node/models/load-model.ts';
import { useCpu } from '../support/backend.ts';
import { TINY_CNN } from './fixtures.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

function assertFileError(run: () => unknown, file: string, pattern: RegExp): void {
  assert.throws(run, (error: unknown) => error instanceof ModelLoadError && error.file === file && pattern.test(error.message));
}

describe('label files', () => {
  it('reads a JSON list', () => {
    assert.deepEqual(parseLabels(bytes('["cat", "dog", "bird"]'), 'l.json'), ['cat', 'dog', 'bird']);
  });

  it("reads ImageNet's class index map (the last string of each entry)", () => {
    const map = '{"1": ["n01443537", "goldfish"], "0": ["n01440764", "tench"], "2": ["n01484850", "great_white_shark"]}';
    assert.deepEqual(parseLabels(bytes(map), 'imagenet_class_index.json'), ['tench', 'goldfish', 'great_white_shark']);
  });

  it('reads a plain index map', () => {
    assert.deepEqual(parseLabels(bytes('{"0": "no", "1": "yes"}'), 'l.json'), ['no', 'yes']);
  });

  it('reads text one label a line (CRLF, trailing blank lines dropped, spaces kept)', () => {
    assert.deepEqual(parseLabels(bytes('\ufeffcat\r\nhot dog\r\nbird\r\n\r\n'), 'labels.txt'), ['cat', 'hot dog', 'bird']);
  });

  it('names the file for a map with a gap, a non-string label, malformed JSON or no labels', () => {
    assertFileError(() => parseLabels(bytes('{"0": "a", "2": "c"}'), 'gap.json'), 'gap.json', /no key "1"; keys must be 0\.\.1/);
    assertFileError(() => parseLabels(bytes('["a", 3]'), 'num.json'), 'num.json', /label 1 is not a string/);
    assertFileError(() => parseLabels(bytes('["a", '), 'bad.json'), 'bad.json', /malformed JSON/);
    assertFileError(() => parseLabels(bytes('\n\n'), 'empty.txt'), 'empty.txt', /holds no labels/);
  });

  it('loadModel reads a label file given by path', async () => {
    await useCpu();
    const dir = mkdtempSync(join(tmpdir(), 'labels-'));
    try {
      writeFileSync(join(dir, 'names.txt'), 'zero\none\ntwo\n');
      const loaded = await loadModel(join(TINY_CNN, 'layers'), { labels: join(dir, 'names.txt') });
      assert.deepEqual(loaded.labels, ['zero', 'one', 'two']);
      disposeModel(loaded.model);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Teachable Machine metadata.json', () => {
  it('gives labels and, for image models, the centre-crop [-1, 1] preprocessing at imageSize', () => {
    const metadata = parseTeachableMachineMetadata(
      bytes('{"tmVersion": "2.4.10", "packageName": "@teachablemachine/image", "labels": ["a", "b"], "imageSize": 224}'),
      'metadata.json',
    );
    assert.deepEqual(metadata, {
      fromTeachableMachine: true,
      labels: ['a', 'b'],
      preprocessing: { scale: 'symmetric', size: [224, 224], fit: 'center-crop' },
    });
  });

  it('recognises an export by its package name without tmVersion, and by its shape alone (then the preprocessing is a guess)', () => {
    const packaged = parseTeachableMachineMetadata(bytes('{"packageName": "@teachablemachine/image", "labels": ["a"], "imageSize": 224}'), 'm.json');
    assert.deepEqual(packaged, { fromTeachableMachine: true, labels: ['a'], preprocessing: { scale: 'symmetric', size: [224, 224], fit: 'center-crop' } });
    const shaped = parseTeachableMachineMetadata(bytes('{"modelName": "tm-my-image-model", "labels": ["a"], "imageSize": 96}'), 'm.json');
    assert.deepEqual(shaped, { fromTeachableMachine: true, labels: ['a'], preprocessing: { scale: 'symmetric', size: [96, 96], fit: 'center-crop' }, guessed: true });
    assert.equal(parseTeachableMachineMetadata(bytes('{"labels": ["a"], "imageSize": 96}'), 'm.json')?.fromTeachableMachine, false);
  });

  it('gives only labels for other packages, and nothing for metadata that is not about labels', () => {
    const pose = parseTeachableMachineMetadata(bytes('{"packageName": "@teachablemachine/pose", "labels": ["up"]}'), 'm.json');
    assert.deepEqual(pose, { fromTeachableMachine: true, labels: ['up'] });
    assert.equal(parseTeachableMachineMetadata(bytes('{"author": "me"}'), 'm.json'), undefined);
  });

  it('names the file for bad labels or image size', () => {
    assertFileError(() => parseTeachableMachineMetadata(bytes('{"tmVersion": "2", "labels": "a"}'), 'm.json'), 'm.json', /'labels' must be a list/);
    assertFileError(
      () => parseTeachableMachineMetadata(bytes('{"tmVersion": "2", "labels": [], "imageSize": -3}'), 'm.json'),
      'm.json',
      /'imageSize' must be a positive integer, found -3/,
    );
  });
});
