export * from './core/errors.ts';
export * from './core/ndarray.ts';
export * from './core/image.ts';
export * from './core/reduce.ts';
export type { LayerRef, LayerInfo, LayerKey } from './core/layers.ts';
export { GraphModelNode } from './core/graph-node.ts';
export { listLayers, resolveLayer } from './core/layers.ts';
export { bytesPerSample, batchLimit, BATCH_OPTIONS, DEFAULT_MEMORY_BUDGET_MB } from './core/memory-estimate.ts';
export { ModelAdapter, adaptModel, type ExplainableModel } from './core/model.ts';
export type { ModelInput, InputValue } from './core/input.ts';
export * from './core/target.ts';
export { neuronTarget } from './core/neuron-target.ts';
export * from './core/modifiers.ts';
export { DEFAULT_SOFTMAX, type SoftmaxMode, type ObjectiveTerm } from './core/objective.ts';
export type { Attribution, AttributionMeta } from './core/result.ts';
export type { ExplainOptions } from './core/explain.ts';
export type { Progress, LongRunningOptions } from './core/progress.ts';
export * from './methods/gradient/saliency.ts';
export {
  activationMaximization, visualizeSaliency, visualizeSaliencyWithLosses, KERAS_VIS_SALIENCY_GRAD_MODIFIER,
  type Loss, type VisualizeSaliencyOptions,
} from './keras-vis/visualize-saliency.ts';
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
export type { Rgba } from './render/pixels.ts';
export { resizeImage, cropImage, centerCrop, type PixelRect } from './image/transform.ts';
export {
  imageFromBrowser, imageFromBlob, imageFromDrawable, imageFromImageData,
  type BrowserImageSource, type DrawableImage,
} from './image/browser.ts';
export type { OptionSpec, OptionKind, OptionForm } from './methods/options.ts';
export {
  option, defineSchema, resolveOptions, COMMON_OPTIONS,
  type OptionDeclaration, type OptionSchema, type OptionValue, type SchemaOptions, type ResolvedOptions, type SchemaDefaults,
} from './methods/schema.ts';
export * from './methods/definition.ts';
export * from './methods/registry.ts';
export * from './methods/perturbation/occlusion.ts';
export type { PerturbationBaseline } from './methods/perturbation/baselines.ts';
export type { PerturbationOptions } from './methods/perturbation/explain-by-perturbation.ts';
export * from './methods/perturbation/rise.ts';
export { riseMasks, type RiseMaskSettings } from './methods/perturbation/rise-masks.ts';
export { estimateRun, isForwardOnly, GRADIENT_COST_FACTOR, DEFAULT_PROBE_ROWS, type RunEstimate } from './methods/estimate-run.ts';
export * from './methods/cam/grad-cam.ts';
export * from './methods/cam/grad-cam-plus-plus.ts';
export * from './methods/cam/layer-cam.ts';
export * from './methods/cam/score-cam.ts';
export * from './methods/cam/guided-grad-cam.ts';
export * from './keras-vis/visualize-cam.ts';
export { camSchema, type CamOptions } from './methods/cam/cam-options.ts';
export { UPSAMPLE_MODES, type UpsampleMode } from './methods/cam/upsample.ts';
export * from './methods/cam/hires-cam.ts';
export * from './methods/cam/xgrad-cam.ts';
export * from './methods/cam/eigen-cam.ts';
export * from './methods/cam/ablation-cam.ts';
export { camSmoothSchema, type CamSmoothOptions } from './methods/cam/cam-options.ts';
export { AUG_SMOOTH_FACTORS } from './methods/cam/aug-smooth.ts';
export { firstComponentProjection } from './methods/cam/eigen-projection.ts';
export * from './methods/gradient/guided-ig.ts';
export { inputEmbedding, tokenAttributions, wrtLayerOption } from './methods/gradient/layer-space.ts';
export * from './text/tokenize.ts';
export { tokenHighlightHtml, tokenHighlightImage, tokenHighlights, type TokenHighlight, type TokenImageOptions } from './render/tokens.ts';
export { splineZoom } from './keras-vis/spline-zoom.ts';
export { ModelLoadError } from './io/model-load-error.ts';
export { DEFAULT_LOAD_LIMITS, type LoadLimits } from './io/limits.ts';
export type { LoadedModel, LoadModelOptions, ModelFormat, LabelFile } from './io/loaded-model.ts';
export { loadModelFromUrl, loadModelFromFiles, type LoadModelFromUrlOptions } from './io/load-model-browser.ts';
export type { PickedFile } from './io/file-list-source.ts';
export type { FetchFunction } from './io/url-source.ts';
export { loadKerasModel, kerasFileKind, type KerasFileKind } from './io/keras/load-keras-model.ts';
export { parseLabels } from './io/labels.ts';
export { parseTeachableMachineMetadata, type TeachableMachineMetadata } from './io/teachable-machine.ts';
export * from './io/preprocessing-spec.ts';
export { preprocessImages } from './io/preprocess-images.ts';
export { fitRegion } from './io/fit-region.ts';
export { modelInputShape } from './io/model-input-shape.ts';
export { disposeModel } from './io/dispose-model.ts';
export { encodeNpy } from './io/npy.ts';
export { installEngine, type EngineHandle, type InstallEngineOptions, type SkippedPatch } from './engines/wasm/install.ts';
export * from './methods/perturbation/feature-ablation.ts';
export type { FeatureMask } from './methods/perturbation/feature-groups.ts';
export * from './methods/gradient/input-x-gradient.ts';
export * from './methods/gradient/integrated-gradients.ts';
export * from './methods/gradient/gradient-shap.ts';
export * from './methods/gradient/blur-ig.ts';
export * from './methods/gradient/guided-backprop.ts';
export * from './methods/gradient/deconvnet.ts';
export {
  NOISE_TUNNEL_TYPES, NOISE_SCALES, noiseTunnelSchema, type NoiseTunnelType, type NoiseScale, type NoiseTunnelOptions,
} from './methods/gradient/noise-tunnel.ts';
export { noiseTunnel } from './methods/gradient/noise-tunnel-api.ts';
export { smoothGradPresets } from './methods/gradient/smoothgrad-presets.ts';
export { QUADRATURE_RULES, quadrature, type Quadrature, type QuadratureRule } from './methods/gradient/quadrature.ts';
export type { Baseline } from './methods/gradient/baseline.ts';
export type { AttributionFunction, InnerMethod } from './methods/gradient/inner-method.ts';
export type { RectifiedSaliencyOptions } from './methods/gradient/rectified-saliency.ts';
export * from './keras-vis/activation/activation-maximization.ts';
export * from './keras-vis/activation/visualize-activation.ts';
export * from './keras-vis/activation/regularizers.ts';
export * from './keras-vis/activation/input-modifiers.ts';
export * from './keras-vis/activation/optimizers.ts';
export { deprocessInput, type InputRange } from './keras-vis/activation/seed-input.ts';
export type { OptimizationStep } from './keras-vis/activation/optimize-input.ts';
export type { EngineChoice, EngineNote } from './core/engine.ts';
export {
  GraphBuilder, toModelBytes, toModelProto, buildGradientGraph, lowerModel, createOnnxEngine,
  type OnnxGraph, type OnnxNode, type OnnxInitializer, type OnnxAttribute, type OnnxDim, type OnnxTensorData, type OnnxValueInfo,
  type GradientGraph, type GradientSpec, type BackwardRules, type RectifierRule, type LoweredModel, type LoweringHooks,
  type OnnxEngine, type OnnxEngineOptions, type OnnxRuntime, type RuntimeSession, type RuntimeTensor,
} from './engines/onnx/index.ts';
export { functionModel, isFunctionModel, predictRows, type AnyModel, type FunctionModel, type FunctionModelSpec, type PredictFunction } from './core/function-model.ts';
export * from './methods/black-box/kernel-shap.ts';
export * from './methods/black-box/lime.ts';
export * from './methods/black-box/shapley-sampling.ts';
export * from './methods/black-box/feature-permutation.ts';
export * from './methods/black-box/sobol.ts';
export * from './methods/black-box/hsic.ts';
export { SEGMENTERS, featureSchema, type FeatureKind, type Segmenter } from './methods/black-box/features.ts';
export { weightedLeastSquares, type LinearFit } from './methods/black-box/least-squares.ts';
export { sobolPoints } from './methods/black-box/sobol-sequence.ts';
export { slic, type SlicOptions } from './image/segmentation/slic.ts';
export { felzenszwalb, type FelzenszwalbOptions } from './image/segmentation/felzenszwalb.ts';
export { type SegmentationImage, MAX_SEGMENTATION_SIDE } from './image/segmentation/image.ts';
export { xrai, xraiMethod, xraiSchema, type XraiOptions } from './methods/black-box/xrai.ts';
export { xraiSegments, labelMasks, XRAI_SCALES, type XraiSegmentOptions } from './methods/black-box/xrai-segments.ts';
export { rankRegions, type RankRegionsOptions, type XraiRanking, type XraiRegion } from './methods/black-box/xrai-rank.ts';
export { superpixelSegmenter } from './image/segmentation/segmenter.ts';
export {
  defineMetric, type MetricDefinition, type MetricDescription, type MetricFamily, type MetricResult, type MetricMeta,
  type MetricCurve, type LayerSimilarity, type MetricOutput, type MetricCompute, type MetricCommonOptions,
} from './metrics/definition.ts';
export { METRICS, getMetric, metricNames } from './metrics/registry.ts';
export { evaluate, type EvaluateOptions } from './metrics/evaluate.ts';
export type { AttributionSource, ExplainerSpec, ExplainFunction, MetricModel } from './metrics/sources.ts';
export type { MetricContext } from './metrics/context.ts';
export type { MetricTarget } from './metrics/scoring.ts';
export type { MetricBaseline } from './metrics/baselines.ts';
export { lineChartSvg, CHART_COLORS, type ChartSeries, type LineChart } from './render/svg-chart.ts';
export { deepLift, deepLiftMethod, deepLiftSchema, type DeepLiftOptions } from './methods/relevance/deeplift.ts';
export { deepLiftShap, deepLiftShapMethod, deepLiftShapSchema, type DeepLiftShapOptions } from './methods/relevance/deeplift-shap.ts';
export { lrp, lrpMethod, lrpSchema, type LrpOptions } from './methods/relevance/lrp.ts';
export { LRP_COMPOSITES, type LrpComposite } from './methods/relevance/lrp/composites.ts';
export { LINEAR_RULES, type LinearRule } from './methods/relevance/lrp/linear-rules.ts';
export {
  onnxFunctionModel, type AsyncOnnxRuntime, type AsyncRuntimeSession, type OnnxFunctionModel, type OnnxFunctionModelOptions, type OnnxModelBytes,
} from './engines/onnx/model/async-model.ts';
export { IMAGE_LAYOUTS, type ImageLayout } from './engines/onnx/model/layout.ts';
export type { ImageInputOptions, OnnxImageInput } from './engines/onnx/model/image-input.ts';
export type { OnnxModelData, OnnxNodeData, OnnxValueData } from './engines/onnx/model/decode-model.ts';
