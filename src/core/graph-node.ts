/** The key of a tf.GraphModel's node in the layer table (the counterpart of a tfjs-layers layer). */

/** A node of a tf.GraphModel, as a layer table row refers to it (compare by identity within one adapter). */
export class GraphModelNode {
  constructor(
    /** The node name, e.g. 'conv2d/Relu'. */
    readonly name: string,
    /** The TensorFlow op, e.g. 'Relu'. */
    readonly op: string,
  ) {}
}
