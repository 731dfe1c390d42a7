// The page's ONNX settings, shown while a .onnx model is loaded: its card (inputs, outputs, layout,
// opset, runtime), the layout and input size (each reloads the model), the mean and std subtracted
// after the pixel range (ImageNet, MNIST or custom: the CLI's --mean/--std), and the note that only
// methods which run on a function model are offered. The pixel range and the digit models' invert
// switch are the page's own controls, as for TF.js models.
import { PREPROCESSING_PRESETS, type ImageLayout, type PreprocessingSpec } from 'tfjs-saliency';
import type { ModelInfo } from '../protocol.ts';
import { byId, element } from '../ui/dom.ts';
import type { MethodPanel } from '../ui/method-panel.ts';
import { cardLines, FUNCTION_MODEL_NOTE, type OnnxChoices } from './onnx-card.ts';

/** Mean and std presets: torchvision's ImageNet normalisation (the library's 'torch' preset) and the MNIST examples' (per the CLI's --mean/--std). */
const NORMALISATIONS: Readonly<Record<string, { readonly mean: readonly number[]; readonly std: readonly number[] }>> = {
  imagenet: { mean: PREPROCESSING_PRESETS.torch.mean, std: PREPROCESSING_PRESETS.torch.std },
  mnist: { mean: [0.1307], std: [0.3081] },
};

/** The ONNX settings block (#onnx-settings). */
export class OnnxSettings {
  private readonly section = byId('onnx-settings', HTMLDivElement);
  private readonly card = byId('onnx-card', HTMLDetailsElement);
  private readonly layout = byId('onnx-layout', HTMLSelectElement);
  private readonly sizeChoice = byId('onnx-size-choice', HTMLLabelElement);
  private readonly size = byId('onnx-size', HTMLInputElement);
  private readonly normalisation = byId('onnx-normalisation', HTMLSelectElement);
  private readonly custom = byId('onnx-custom', HTMLSpanElement);
  private readonly mean = byId('onnx-mean', HTMLInputElement);
  private readonly std = byId('onnx-std', HTMLInputElement);
  private active = false;

  /**
   * @param onReload the layout or size changed: load the model again with these choices
   * @param onPreprocessing the mean/std changed: prepare the input again
   */
  constructor(onReload: (choices: OnnxChoices) => void, onPreprocessing: () => void) {
    byId('onnx-note', HTMLParagraphElement).textContent = FUNCTION_MODEL_NOTE;
    const reload = () => onReload(this.choices());
    this.layout.addEventListener('change', reload);
    this.size.addEventListener('change', reload);
    this.normalisation.addEventListener('change', () => {
      this.custom.hidden = this.normalisation.value !== 'custom';
      onPreprocessing();
    });
    for (const box of [this.mean, this.std]) box.addEventListener('change', onPreprocessing);
  }

  /** Shows the settings for an ONNX model (hides them otherwise) and offers only the panels that run on a function model. */
  show(info: ModelInfo, panels: readonly MethodPanel[]): void {
    const card = info.onnx;
    this.active = card !== undefined;
    this.section.hidden = card === undefined;
    panels.forEach((panel) => panel.withhold(card !== undefined && !panel.method.takesFunctionModel));
    if (card === undefined) return;
    this.card.replaceChildren(element('summary', { textContent: 'ONNX model' }), ...cardLines(card).map((line) => element('p', { className: 'hint', textContent: line })));
    if (card.layoutReason !== 'given') this.layout.value = '';
    this.sizeChoice.hidden = card.chosenSize === undefined;
    if (card.chosenSize !== undefined) this.size.value = card.chosenSize.join('x');
  }

  /** `spec` with the chosen mean and std (unchanged for TF.js models or 'none'); a malformed custom list throws, naming the box. */
  preprocessing(spec: PreprocessingSpec): PreprocessingSpec {
    if (!this.active || this.normalisation.value === 'none') return spec;
    const preset = NORMALISATIONS[this.normalisation.value];
    if (preset !== undefined) return { ...spec, ...preset };
    return { ...spec, mean: numbers(this.mean.value, 'mean'), std: numbers(this.std.value, 'std') };
  }

  private choices(): OnnxChoices {
    const match = /^\s*(\d+)\s*[x×,]\s*(\d+)\s*$/i.exec(this.size.value);
    const size = match && !this.sizeChoice.hidden ? ([Number(match[1]), Number(match[2])] as const) : undefined;
    return { layout: (this.layout.value || undefined) as ImageLayout | undefined, size };
  }
}

/** The numbers of a comma- or space-separated list typed in box `name`. */
function numbers(text: string, name: string): number[] {
  const values = text.split(/[\s,]+/).filter((v) => v !== '').map(Number);
  if (values.length === 0 || values.some((v) => !Number.isFinite(v))) throw new Error(`${name}: expected numbers separated by commas (one, or one per channel), e.g. 0.5; got '${text}'`);
  return values;
}
