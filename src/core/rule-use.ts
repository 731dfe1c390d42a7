/**
 * What a backprop rule (guided, rectified) did during one call, and the warning when it changed
 * nothing because no ReLU or ReLU6 lay on the path (LeakyReLU nets give the plain gradient).
 */

/**
 * What a backprop rule did during one call: how many backward passes ran under it and how many Relu or
 * Relu6 gradients it replaced. No rectifier after some passes means the rule changed nothing.
 */
export interface RuleUse {
  passes: number;
  rectifiers: number;
}

/** A fresh {@link RuleUse}. */
export function newRuleUse(): RuleUse {
  return { passes: 0, rectifiers: 0 };
}

/** The warning for a rule that ran but met no rectifier (none when it met one or never ran). */
export function unchangedRuleWarnings(rule: string | null, use: RuleUse): string[] {
  if (use.passes === 0 || use.rectifiers > 0) return [];
  return [
    `backpropModifier '${rule ?? 'guided'}' changed nothing: no ReLU or ReLU6 op lies on the path from the input to the target ` +
      `(LeakyReLU, ELU, sigmoid and tanh keep their gradients), so this map is the plain gradient's`,
  ];
}
