export * from './core/errors.ts';
export * from './core/ndarray.ts';
export * from './core/image.ts';
export type { LayerRef, LayerInfo } from './core/layers.ts';
export { listLayers, resolveLayer } from './core/layers.ts';
export { ModelAdapter, adaptModel, type ExplainableModel } from './core/model.ts';
export type { ModelInput, InputValue } from './core/input.ts';
export * from './core/target.ts';
export * from './core/modifiers.ts';
export { DEFAULT_SOFTMAX, type SoftmaxMode, type ObjectiveTerm } from './core/objective.ts';
export type { Attribution, AttributionMeta } from './core/result.ts';
export type { ExplainOptions } from './core/explain.ts';
export type { Progress, LongRunningOptions } from './core/progress.ts';
export * from './methods/saliency.ts';
export * from './methods/keras-vis.ts';
export {
  minMaxNormalize, normalizeMap, normalizeMaps, normalizedRange, DEFAULT_NORMALIZE, NORMALIZE_MODES,
  type NormalizeMode, type NormalizeOptions, type NormalizeManyOptions, type ScaleScope,
} from './render/normalize.ts';
export { applySign, SALIENCY_SIGNS, type SaliencySign } from './render/sign.ts';
export { percentile, cumulativeSumThreshold } from './render/statistics.ts';
export type { WarningHandler } from './render/warnings.ts';
export { tableColormap, sampleColormap, COLORMAP_SIZE, type Colormap, type Rgb } from './render/colormap.ts';
export { COLORMAPS, resolveColormap, type ColormapName, type ColormapChoice } from './render/colormaps/index.ts';
export { jet, bwr, gray, JET_SEGMENTS } from './render/colormaps/matplotlib.ts';
export { viridis, inferno } from './render/colormaps/d3.ts';
export { colorize, DEFAULT_COLORMAP, type ColorizeOptions } from './render/colorize.ts';
export { toMap2d, resizeMap, type Map2d } from './render/map2d.ts';
export { renderMap, normalizedMap, type RenderMapOptions } from './render/render-map.ts';
export { blendImages, greyImage, maskImage, alphaScaleImage, DEFAULT_BLEND_ALPHA } from './render/overlay.ts';
export { renderOverlay, OVERLAY_METHODS, type OverlayMethod, type OverlayOptions } from './render/render-overlay.ts';
export { renderGrid, DEFAULT_GRID, type GridCell, type GridOptions } from './render/grid.ts';
export { renderColorbar, formatTick, DEFAULT_COLORBAR, type ColorbarOptions } from './render/colorbar.ts';
export { drawText } from './render/text.ts';
export { textWidth } from './render/font.ts';
export type { Rgba } from './render/pixels.ts';
export { resizeImage, cropImage, centerCrop, type PixelRect } from './image/transform.ts';
export {
  imageFromBrowser, imageFromBlob, imageFromDrawable, imageFromImageData,
  type BrowserImageSource, type DrawableImage,
} from './image/browser.ts';
export * from './methods/options.ts';
export * from './methods/definition.ts';
export * from './methods/registry.ts';
export * from './methods/occlusion.ts';
export type { PerturbationBaseline } from './methods/perturbation/baselines.ts';
export { DEFAULT_PERTURBATION_BASELINE } from './methods/perturbation/baselines.ts';
export { DEFAULT_PERTURBATIONS_PER_EVAL } from './methods/perturbation/evaluate.ts';
export type { PerturbationOptions } from './methods/perturbation/explain-by-perturbation.ts';
export * from './methods/rise.ts';
export { riseMasks, type RiseMaskSettings } from './methods/perturbation/rise-masks.ts';
export * from './methods/grad-cam.ts';
export * from './methods/grad-cam-plus-plus.ts';
export * from './methods/layer-cam.ts';
export * from './methods/score-cam.ts';
export * from './methods/guided-grad-cam.ts';
export * from './methods/keras-vis-cam.ts';
export { DEFAULT_CAM_RELU, type CamOptions } from './methods/cam/cam-call.ts';
export { DEFAULT_UPSAMPLE, UPSAMPLE_MODES, type UpsampleMode } from './methods/cam/upsample.ts';
export { splineZoom } from './methods/cam/spline-zoom.ts';
