/**
 * The ONNX engine's browser-safe surface: the graph IR and builder, the ONNX writer, the Keras
 * lowering, the autodiff, and the engine over a given runtime. The Node runtime and installer
 * live in node/.
 */
export type { OnnxAttribute, OnnxDim, OnnxGraph, OnnxInitializer, OnnxNode, OnnxTensorData, OnnxValueInfo } from './graph/types.ts';
export { GraphBuilder } from './graph/builder.ts';
export { DEFAULT_OPSET, toModelBytes, toModelProto } from './graph/model-proto.ts';
export { buildGradientGraph, differentiableOps, unsupportedOps, type GradientGraph, type GradientSpec } from './autodiff.ts';
export type { BackwardContext, BackwardRule, BackwardRules, RectifierRule } from './backward/types.ts';
export { lowerModel, type LoweredModel, type LoweringHooks } from './lower/lower-model.ts';
export { createOnnxEngine, type OnnxEngine, type OnnxEngineOptions } from './engine.ts';
export type { OnnxRuntime, RuntimeSession, RuntimeTensor, SessionOptions as OnnxSessionOptions } from './runtime.ts';
