/**
 * The one registration list of the wasm engine (tfjs-core style): every kernel it registers for
 * wasm, every gradient it registers or overrides, and every patch it applies. install.ts installs
 * exactly these, and an engine handle's dispose() undoes exactly these.
 */
import type * as tf from '@tensorflow/tfjs';
import { clipByValueGradient } from './gradients/ClipByValue_grad.ts';
import { conv2DGradient } from './gradients/Conv2D_grad.ts';
import { depthwiseConv2dNativeGradient } from './gradients/DepthwiseConv2dNative_grad.ts';
import { fusedBatchNormGradient } from './gradients/FusedBatchNorm_grad.ts';
import { fusedConv2DGradient } from './gradients/FusedConv2D_grad.ts';
import { fusedDepthwiseConv2DGradient } from './gradients/FusedDepthwiseConv2D_grad.ts';
import { fusedMatMulGradient } from './gradients/_FusedMatMul_grad.ts';
import type { GradientOverride } from './gradients/override.ts';
import { relu6Gradient } from './gradients/Relu6_grad.ts';
import { reluGradient } from './gradients/Relu_grad.ts';
import { GATE_GRADIENT } from './gradients/TfjsSaliencyGate_grad.ts';
import { cachedTransposeMatMul } from './kernels/BatchMatMul.ts';
import { zeroCopySameTypeCast } from './kernels/Cast.ts';
import { conv2dBackpropFilter } from './kernels/Conv2DBackpropFilter.ts';
import { fastConv2DBackpropInput } from './kernels/Conv2DBackpropInput.ts';
import { depthwiseConv2dBackpropFilter } from './kernels/DepthwiseConv2dNativeBackpropFilter.ts';
import { fastDepthwiseBackpropInput } from './kernels/DepthwiseConv2dNativeBackpropInput.ts';
import { perChannelBatchNorm } from './kernels/FusedBatchNorm.ts';
import { GATE_KERNEL } from './kernels/gate.ts';
import { zeroCopyIdentity } from './kernels/Identity.ts';
import { maxPoolGradKernel } from './kernels/MaxPoolGrad.ts';
import { gateKernel } from './kernels/TfjsSaliencyGate.ts';
import { patchFusedOps } from './patches/fused-ops.ts';
import { patchRelu6Layer } from './patches/relu6-layer.ts';

/** The kernels an engine kernel may fall back to. */
export interface KernelSources {
  /** The kernel registered for wasm before the engine (throws where there is none). */
  wasm(name: string): tf.KernelFunc;
  /** The cpu backend's kernel, run on wasm tensors (kernels/cpu-fallback.ts). */
  cpu(name: string): tf.KernelFunc;
}

/** A wasm kernel of the engine, made from the kernels it falls back to. */
export interface EngineKernel {
  readonly kernelName: string;
  make(sources: KernelSources): tf.KernelFunc;
}

/** A fenced patch: applies itself while `active()` and returns the function that undoes it exactly. */
export interface EnginePatch {
  /** What it patches, as reported. */
  readonly name: string;
  apply(active: () => boolean): () => void;
}

/** wasm kernels that give wrong results in TF.js 4.22 and run on the cpu backend's kernel instead. */
export const WRONG_ON_WASM = ['Conv3DBackpropInputV2', 'MaxPoolWithArgmax', 'MaxPool3DGrad'] as const;

const asKernelFunc = (f: unknown) => f as tf.KernelFunc;

/**
 * The TF.js kernels the engine replaces (or adds, where stock wasm lacks them) with correct or
 * faster versions. Besides these, every kernel wasm lacks runs through a cpu fallback.
 */
export const ENGINE_KERNELS: readonly EngineKernel[] = [
  { kernelName: 'Conv2DBackpropFilter', make: () => asKernelFunc(conv2dBackpropFilter) },
  { kernelName: 'DepthwiseConv2dNativeBackpropFilter', make: () => asKernelFunc(depthwiseConv2dBackpropFilter) },
  { kernelName: 'DepthwiseConv2dNativeBackpropInput', make: (k) => fastDepthwiseBackpropInput(k.cpu('DepthwiseConv2dNativeBackpropInput')) },
  { kernelName: 'Conv2DBackpropInput', make: (k) => fastConv2DBackpropInput(k.wasm('Conv2DBackpropInput')) },
  { kernelName: 'MaxPoolGrad', make: () => maxPoolGradKernel },
  { kernelName: 'Identity', make: (k) => zeroCopyIdentity(k.wasm('Identity')) },
  { kernelName: 'Cast', make: (k) => zeroCopySameTypeCast(k.wasm('Cast')) },
  { kernelName: 'FusedBatchNorm', make: (k) => perChannelBatchNorm(k.wasm('FusedBatchNorm')) },
  { kernelName: 'BatchMatMul', make: (k) => cachedTransposeMatMul(k.wasm('BatchMatMul')) },
  ...WRONG_ON_WASM.map((name): EngineKernel => ({ kernelName: name, make: (k) => k.cpu(name) })),
];

/** The engine's own kernels (names of its own, wasm only). */
export const OWN_KERNELS: readonly EngineKernel[] = [{ kernelName: GATE_KERNEL, make: () => gateKernel }];

/** Gradients the engine registers: for the fused kernels (stock TF.js has none) and its own kernel. */
export const ENGINE_GRADIENTS: readonly tf.GradConfig[] = [fusedConv2DGradient, fusedDepthwiseConv2DGradient, fusedMatMulGradient, GATE_GRADIENT];

/** Gradients TF.js registers that the engine overrides while it acts (falling back to them otherwise). */
export const GRADIENT_OVERRIDES: readonly GradientOverride[] = [
  fusedBatchNormGradient, reluGradient, relu6Gradient, clipByValueGradient, conv2DGradient, depthwiseConv2dNativeGradient,
];

/** The fenced patches, in the order they are applied. */
export const PATCHES: readonly EnginePatch[] = [
  { name: 'tf.fused (conv2d, depthwiseConv2d, matMul)', apply: patchFusedOps },
  { name: 'tf.layers ReLU prototype call (relu6 layers)', apply: patchRelu6Layer },
];
