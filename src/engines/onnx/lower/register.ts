/**
 * The one registration list of the lowering: every Keras layer class the ONNX engine compiles,
 * with its lowering. A model with any other layer runs on TF.js (the engine says which layer).
 */
import { Activation, ELU, LeakyReLU, ReLU, Softmax } from './activations.ts';
import { Conv2D, DepthwiseConv2D, SeparableConv2D } from './convolution.ts';
import { Conv1D } from './conv1d.ts';
import type { LowerLayer } from './context.ts';
import { BatchNormalization, Dense } from './dense.ts';
import { Add, Average, Concatenate, Multiply, Rescaling, Subtract } from './merge.ts';
import { AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, MaxPooling2D } from './pooling.ts';
import { Cropping2D, Flatten, Identity, Permute, Reshape, UpSampling2D, ZeroPadding2D } from './reshaping.ts';

/** Lowerings by Keras class name. */
export const LAYER_LOWERINGS: Readonly<Record<string, LowerLayer>> = {
  Conv2D, DepthwiseConv2D, SeparableConv2D, Conv1D, Dense, BatchNormalization,
  Activation, ReLU, LeakyReLU, ELU, Softmax,
  MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D,
  Flatten, Reshape, Permute, ZeroPadding2D, Cropping2D, UpSampling2D,
  Add, Subtract, Multiply, Average, Concatenate, Rescaling,
  Dropout: Identity, SpatialDropout1D: Identity, SpatialDropout2D: Identity, GaussianNoise: Identity,
  GaussianDropout: Identity, AlphaDropout: Identity, ActivityRegularization: Identity,
};
