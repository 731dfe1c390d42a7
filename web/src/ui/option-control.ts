import type { OptionSpec } from 'tfjs-saliency';
import type { OptionValue } from '../protocol.ts';
import { element } from './dom.ts';

/** A form control for one method option. */
export interface OptionControl {
  readonly root: HTMLElement;
  /** The value set now (`null`: the method's default). */
  value(): OptionValue;
  /** Offers these layer paths (layer options only; others ignore it). */
  setLayers(paths: readonly string[]): void;
  /** Sets the value shown (as if the user had chosen it, without firing the change). */
  set(value: OptionValue): void;
}

/** Numbers with more positions than this between min and max get a number field instead of a slider. */
const MAX_SLIDER_STEPS = 1000;

/**
 * The control for `spec`: a slider for bounded numbers, a number field for unbounded ones, a
 * checkbox, a menu of choices, a menu of the model's layers, or a text field. `onChange` fires when
 * the user commits a value.
 */
export function optionControl(spec: OptionSpec, initial: OptionValue, onChange: () => void): OptionControl {
  const label = element('label', { title: spec.description });
  const noLayers = () => undefined;
  switch (spec.kind) {
    case 'number':
    case 'integer': {
      const step = spec.step ?? (spec.kind === 'integer' ? 1 : undefined);
      const slider = spec.min !== undefined && spec.max !== undefined && step !== undefined && (spec.max - spec.min) / step <= MAX_SLIDER_STEPS;
      const input = element('input', { type: slider ? 'range' : 'number', name: spec.name });
      if (spec.min !== undefined) input.min = String(spec.min);
      if (spec.max !== undefined) input.max = String(spec.max);
      input.step = step === undefined ? 'any' : String(step);
      input.value = initial === null ? '' : String(initial);
      const output = element('output', { textContent: input.value || 'default' });
      input.addEventListener('input', () => (output.textContent = input.value));
      input.addEventListener('change', onChange);
      label.append(`${spec.name} `, output, input);
      const set = (value: OptionValue) => {
        input.value = value === null ? '' : String(value);
        output.textContent = input.value || 'default';
      };
      return { root: label, value: () => (input.value === '' ? null : Number(input.value)), setLayers: noLayers, set };
    }
    case 'boolean': {
      const box = element('input', { type: 'checkbox', name: spec.name, checked: initial === true });
      box.addEventListener('change', onChange);
      label.append(box, ` ${spec.name}`);
      return { root: label, value: () => box.checked, setLayers: noLayers, set: (value) => (box.checked = value === true) };
    }
    case 'choice':
    case 'layer': {
      const select = element('select', { name: spec.name });
      const fill = (values: readonly string[]) => {
        const keep = select.value || (initial === null ? '' : String(initial));
        const automatic = spec.kind === 'layer' ? [element('option', { value: '', textContent: 'default' })] : [];
        select.replaceChildren(...automatic, ...values.map((v) => element('option', { value: v, textContent: v })));
        select.value = values.includes(keep) ? keep : '';
      };
      fill(spec.kind === 'choice' ? (spec.choices ?? []) : []);
      select.addEventListener('change', onChange);
      label.append(`${spec.name} `, select);
      return {
        root: label,
        value: () => (select.value === '' ? null : select.value),
        setLayers: spec.kind === 'layer' ? fill : noLayers,
        set: (value) => (select.value = value === null ? '' : String(value)),
      };
    }
    case 'string': {
      const input = element('input', { type: 'text', name: spec.name, value: initial === null ? '' : String(initial) });
      input.addEventListener('change', onChange);
      label.append(`${spec.name} `, input);
      return { root: label, value: () => (input.value === '' ? null : input.value), setLayers: noLayers, set: (value) => (input.value = value === null ? '' : String(value)) };
    }
  }
}
