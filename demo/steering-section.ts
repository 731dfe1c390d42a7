/**
 * keras-vis's self-driving scenario on the bundled steering regressor: what would make it steer
 * right (grad modifier none), left ('negate') or keep its output ('small_values'), overlaid on the
 * scene with 70 % image weight, for every registered method that takes a grad modifier.
 */
import { regressionTarget, type GradModifierName, type NdArray, type RgbaImage } from '../src/index.ts';
import type { GallerySection, ImageFigure } from '../src/node/index.ts';
import type { BundledModel } from './bundled-models.ts';
import type { DemoLog } from './demo-log.ts';
import { outputsOf } from './explain-samples.ts';
import { gridFigure, type FigureCell } from './grid-figure.ts';
import { methodsWithGradModifier } from './method-lineup.ts';
import { tryMethod } from './method-rows.ts';
import { overlayPicture, samplePicture } from './pictures.ts';
import { demoMethodOptions, type DemoSettings } from './settings.ts';

/** keras-vis's "right / left / maintain steering" and the grad modifier of each. */
export const STEERING_SCENARIOS: readonly { readonly label: string; readonly gradModifier: GradModifierName }[] = [
  { label: 'right', gradModifier: 'none' },
  { label: 'left', gradModifier: 'negate' },
  { label: 'maintain', gradModifier: 'small_values' },
];

const SECTION_TEXT =
  'keras-vis\'s self-driving example on the bundled steering model (tanh output: the curvature of the road ahead, ' +
  'negative = bends left). "right" shows what would raise the output (the gradient), "left" what would lower it ' +
  '(the negated gradient), "maintain" where changes would hardly move it (|1/gradient|); each is the signed max over ' +
  'RGB, min-max normalised, in jet over the scene (70 % image, as keras-vis overlays it). Expect the heat where the ' +
  'road bends, near the horizon, and less on the trees, rocks and cars, which say nothing about the bend. With plain ' +
  'gradients "right" and "left" look alike: min-max normalisation of a signed map shows where the gradient is large ' +
  'either way (keras-vis does the same). Grad-CAM keeps only positive evidence, so it tells them apart: on a left ' +
  'bend "left" lights up the bend and "right" stays (nearly) dark, and the other way round on a right bend. ' +
  '"maintain" peaks on the few pixels whose gradient is nearly zero.';

/** `count` samples spread evenly over `samples`, the first and the last included. */
export function spreadSamples<T>(samples: readonly T[], count: number): T[] {
  if (count >= samples.length) return [...samples];
  if (count === 1) return samples.slice(0, 1);
  return Array.from({ length: count }, (_, i) => samples[Math.round((i * (samples.length - 1)) / (count - 1))] as T);
}

/** The steering section of the gallery: one figure per method, a row per scene. */
export async function steeringSection(bundle: BundledModel, settings: DemoSettings, log: DemoLog): Promise<GallerySection<ImageFigure>> {
  const scenes = spreadSamples(bundle.samples, settings.roadScenes);
  const pictures = scenes.map((scene) => samplePicture(scene, settings.sceneSize));
  const outputs = await outputsOf(bundle.adapter, scenes);
  const sceneCells: FigureCell[] = scenes.map((scene, i) => ({
    image: pictures[i] as RgbaImage,
    caption: `curve ${scene.target.toFixed(1)} out ${(outputs[i]?.[0] as number).toFixed(2)}`,
  }));
  const figures: ImageFigure[] = [];
  for (const definition of methodsWithGradModifier(bundle.adapter)) {
    const rows = sceneCells.map((cell) => [cell]);
    for (const { label, gradModifier } of STEERING_SCENARIOS) {
      const options = { target: regressionTarget(0), gradModifier, ...demoMethodOptions(definition, settings) };
      const explained = await tryMethod(log, bundle.name, { label: `${definition.name} ${label}`, definition, options, reduction: 'max' }, bundle.adapter, scenes);
      rows.forEach((row, i) => {
        const picture = pictures[i] as RgbaImage;
        row.push(explained ? { image: overlayPicture(picture, explained.maps[i] as NdArray), caption: label } : { image: picture, caption: `${label} failed` });
      });
    }
    figures.push(
      gridFigure(`steering-${definition.name}.png`, rows, `${definition.title}: right / left / maintain`,
        `Each road scene (true curvature, model output), then ${definition.title} with grad modifier none / negate / small_values, overlaid at 70 % image.`),
    );
  }
  const metrics = Object.entries(bundle.metrics).map(([key, value]) => `${key} ${value.toFixed(3)}`).join(', ');
  return {
    title: `${bundle.title}: steer right, left, or keep going?`,
    text: `${SECTION_TEXT}${metrics ? ` Test-set metrics: ${metrics}.` : ''}`,
    figures,
  };
}
