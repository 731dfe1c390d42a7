// The schema module on its own: declarations, derived defaults and specs, resolveOptions and the
// text conversion the CLI and the explorer rely on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SaliencyError, defineSchema, getMethod, option, resolveOptions } from '../../src/index.ts';
import { optionSpecs, optionsFromText, schemaDefaults } from '../../src/methods/schema.ts';

const schema = defineSchema({
  /** Steps. Default 10. */
  steps: option.integer({ default: 10, min: 1, max: 100, doc: 'Steps.' }),
  /** Scale. Default 0.5. */
  scale: option.number({ default: 0.5, min: 0, doc: 'Scale.' }),
  /** Smooth. Default false. */
  smooth: option.boolean({ default: false, doc: 'Smooth.' }),
  /** Mode. Default 'a'. */
  mode: option.choice(['a', 'b'], { default: 'a', doc: 'Mode.' }),
  /** Layer. Default: found. */
  layer: option.layer({ doc: 'Layer.' }),
  /** Values. Default: none. */
  values: option.custom<readonly number[]>({ doc: 'Values.', check: (v, name) => (Array.isArray(v) ? v : assert.fail(name)) }),
});

test('resolveOptions fills defaults, keeps given values and leaves options without a default undefined', () => {
  assert.deepEqual(resolveOptions(schema, {}, 'demo'), { steps: 10, scale: 0.5, smooth: false, mode: 'a', layer: undefined, values: undefined });
  const resolved = resolveOptions(schema, { steps: 3, mode: 'b', layer: ['outer', 'conv'], values: [1, 2], target: 4, steps2: undefined }, 'demo');
  assert.deepEqual(resolved, { steps: 3, scale: 0.5, smooth: false, mode: 'b', layer: ['outer', 'conv'], values: [1, 2] });
});

test('resolveOptions refuses unknown options with the valid names, and options that are not an object', () => {
  assert.throws(() => resolveOptions(schema, { stepz: 3 }, 'demo'), (e: SaliencyError) => e.code === 'INVALID_ARGUMENT' && e.argument === 'stepz' && e.message === "stepz: not an option of 'demo'; its options are steps, scale, smooth, mode, layer, values");
  assert.throws(() => resolveOptions(schema, { toString: 1 }, 'demo'), /toString: not an option of 'demo'/);
  assert.throws(() => resolveOptions(schema, 3 as never, 'demo'), /options: got 3; expected an object of options of 'demo'/);
});

test('messages name the option, the value and what is valid', () => {
  const cases: [object, string][] = [
    [{ steps: 0 }, 'steps: got 0; expected an integer from 1 to 100'],
    [{ steps: 2.5 }, 'steps: got 2.5; expected an integer from 1 to 100'],
    [{ steps: '5' }, 'steps: got "5"; expected an integer from 1 to 100'],
    [{ scale: -1 }, 'scale: got -1; expected a number >= 0'],
    [{ scale: Number.NaN }, 'scale: got NaN; expected a number >= 0'],
    [{ smooth: 'true' }, 'smooth: got "true"; expected true or false'],
    [{ mode: 'c' }, "mode: got \"c\"; expected one of 'a', 'b'"],
    [{ layer: '' }, 'layer: got ""; expected a layer name, path or index'],
    [{ layer: 1.5 }, 'layer: got 1.5; expected a layer name, path or index'],
  ];
  for (const [given, expected] of cases) assert.throws(() => resolveOptions(schema, given, 'demo'), { message: expected });
});

test('defaults are one frozen object; specs list the options with a text form, as the CLI and the explorer show them', () => {
  const defaults = schemaDefaults(schema);
  assert.deepEqual(defaults, { steps: 10, scale: 0.5, smooth: false, mode: 'a' });
  assert.ok(Object.isFrozen(defaults) && Object.isFrozen(schema) && Object.isFrozen(schema.steps));
  assert.deepEqual(optionSpecs(schema).map((s) => [s.name, s.kind, s.default]), [
    ['steps', 'integer', 10], ['scale', 'number', 0.5], ['smooth', 'boolean', false], ['mode', 'choice', 'a'], ['layer', 'layer', null],
  ]);
  assert.deepEqual(optionSpecs(schema)[0], { name: 'steps', kind: 'integer', min: 1, max: 100, step: 1, default: 10, description: 'Steps.' });
});

test('text is converted by each option\'s form and nothing else is touched', () => {
  const converted = optionsFromText(schema, { steps: '12', scale: '1e-1', smooth: 'true', mode: 'b', layer: '-2', values: 'x', other: '7', target: '3' });
  assert.deepEqual(converted, { steps: 12, scale: 0.1, smooth: true, mode: 'b', layer: -2, values: 'x', other: '7', target: '3' });
  assert.deepEqual(optionsFromText(schema, { steps: ' ', scale: 'abc', layer: 'conv/relu' }), { steps: ' ', scale: 'abc', layer: 'conv/relu' });
  const ig = getMethod('integrated-gradients');
  assert.deepEqual(ig.parse({ baseline: '0.5', steps: '4', quadrature: 'linspace' }), { baseline: 0.5, steps: 4, quadrature: 'linspace' });
  assert.deepEqual(ig.parse({ baseline: 'blur' }), { baseline: 'blur' });
  assert.equal(ig.defaults.steps, 50);
});
