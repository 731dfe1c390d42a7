/**
 * Which registered methods the demo runs, read from the registry at run time so that a method
 * registered later appears in the gallery without changes here.
 */
import { METHODS, type MethodDefinition, type MethodFamily, type ModelAdapter } from '../src/index.ts';

/** Families in the order the gallery shows them, with their headings. */
export const FAMILY_TITLES: Readonly<Record<MethodFamily, string>> = {
  gradient: 'Gradient methods',
  cam: 'Class activation maps (CAM family)',
  perturbation: 'Perturbation methods',
  relevance: 'Relevance rules (DeepLIFT, LRP)',
};

/** True when `definition` can explain `adapter`'s model: methods that need a conv layer need a rank-4 layer. */
export function methodFits(definition: MethodDefinition, adapter: ModelAdapter): boolean {
  return !definition.needsSpatialLayer || adapter.layers().some((layer) => layer.outputShape.length === 4);
}

/** The registered methods that fit `adapter`'s model, by family (registry order within a family), leaving out `except`. */
export function methodsByFamily(adapter: ModelAdapter, except: readonly string[] = []): [MethodFamily, MethodDefinition[]][] {
  return (Object.keys(FAMILY_TITLES) as MethodFamily[])
    .map((family): [MethodFamily, MethodDefinition[]] => [
      family,
      METHODS.filter((m) => m.family === family && !except.includes(m.name) && methodFits(m, adapter)),
    ])
    .filter(([, methods]) => methods.length > 0);
}

/** The registered methods that take a grad modifier (keras-vis's regression scenarios need one), that fit the model. */
export function methodsWithGradModifier(adapter: ModelAdapter): MethodDefinition[] {
  return METHODS.filter((m) => m.options.some((o) => o.name === 'gradModifier') && methodFits(m, adapter));
}
