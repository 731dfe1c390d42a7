// chooseProgram (core/engine-use.ts): the choice every forward and gradient pass makes between an
// installed engine's program and TF.js, the note it leaves for meta.engine and the 'onnx' error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineChoice, EngineNote } from '../../src/core/engine.ts';
import { chooseProgram, engineMeta, newEngineUse, type ProgramFallback } from '../../src/core/engine-use.ts';
import { SaliencyError } from '../../src/core/errors.ts';

const fallback: ProgramFallback = { pass: 'forward', missing: 'nothing installed' };
const program = { note: { name: 'onnx', reason: 'covers the model' }, id: 7 };

test('a program found is returned and its note recorded; the finder sees the call\'s choice', () => {
  const use = newEngineUse('onnx');
  const seen: EngineChoice[] = [];
  const chosen = chooseProgram(use, (choice) => (seen.push(choice), program), fallback);
  assert.equal(chosen, program);
  assert.deepEqual(seen, ['onnx']);
  assert.deepEqual(use.notes, [program.note]);
  assert.deepEqual(engineMeta(use), program.note);
});

test('declined: the first reason given is the TF.js note, else the fallback names the pass', () => {
  const use = newEngineUse();
  const first: EngineNote = { name: 'tfjs', reason: 'first reason' };
  assert.equal(chooseProgram(use, (_c, decline) => (decline(first), decline({ name: 'tfjs', reason: 'second' }), null), fallback), null);
  assert.equal(chooseProgram(use, () => null, { pass: 'gradient', missing: 'x' }), null);
  assert.deepEqual(use.notes, [first, { name: 'tfjs', reason: 'no installed engine offers a gradient program for this call' }]);
  assert.equal(chooseProgram(undefined, () => null, fallback), null, 'no engine use: the default choice, nothing recorded');
});

test("engine 'onnx' with no program throws UNSUPPORTED_MODEL with the reason, else the fallback's", () => {
  const use = newEngineUse('onnx');
  const thrown = (find: Parameters<typeof chooseProgram>[1]): SaliencyError => {
    try {
      chooseProgram(use, find, fallback);
    } catch (error) {
      assert.ok(error instanceof SaliencyError);
      return error;
    }
    assert.fail('expected a SaliencyError');
  };
  const declined = thrown((_c, decline) => (decline({ name: 'tfjs', reason: 'a Gather node' }), null));
  assert.equal(declined.code, 'UNSUPPORTED_MODEL');
  assert.equal(declined.argument, 'engine');
  assert.equal(declined.message, "engine: 'onnx' cannot run this call: a Gather node");
  assert.equal(thrown(() => null).message, "engine: 'onnx' cannot run this call: nothing installed");
  assert.deepEqual(use.notes, [], 'nothing recorded for a call that fails');
});
