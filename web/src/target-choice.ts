// What the panels explain: a class of the model's output (or class A minus class B), and which output.
import type { ExplainTarget, ModelInfo } from './protocol.ts';

/** The class, the optional class B and the output chosen, read against the loaded model. */
export class TargetChoice {
  /** The class explained. */
  target = 0;
  /** Class B of an "A versus B" explanation (undefined: explain the target alone). */
  versus: number | undefined;
  /** The model output explained (its index among all outputs; undefined for single-output models). */
  output: number | undefined;

  constructor(private readonly model: () => ModelInfo | undefined) {}

  /** Starts over for a newly loaded model: its first class output (or `askedOutput` when it has that one), no class B. */
  reset(info: ModelInfo, askedOutput: number | undefined): void {
    const asked = info.outputs.find((o) => o.index === askedOutput);
    this.output = info.outputs.length > 1 ? (asked ?? info.outputs[0])?.index : undefined;
    this.versus = undefined;
    this.target = 0;
  }

  /** The labels of the output explained. */
  labels(): readonly string[] {
    const model = this.model();
    return model?.outputs.find((o) => o.index === this.output)?.labels ?? model?.labels ?? [];
  }

  /** What the panels explain, as the worker takes it. */
  explainTarget(): ExplainTarget {
    return { class: this.target, versus: this.versus, output: this.output };
  }

  /** "“cat”", or "“cat” versus “dog”". */
  label(): string {
    const name = (index: number) => `“${this.labels()[index] ?? `class ${index}`}”`;
    return this.versus === undefined ? name(this.target) : `${name(this.target)} versus ${name(this.versus)}`;
  }
}
