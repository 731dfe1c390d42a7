/**
 * Edits of TF.js's global kernel and gradient registries that remember what each one replaced, so
 * that `restore()` puts back the very same KernelConfig and GradConfig objects, and removes what
 * was absent before.
 */
import * as tf from '@tensorflow/tfjs';

/** Registry edits for one backend's kernels and for gradients, undone together by `restore()`. */
export class RegistryEdits {
  /** The config registered before the first edit of each kernel (undefined: none). */
  private readonly kernels = new Map<string, tf.KernelConfig | undefined>();
  /** The config registered before the first edit of each gradient (undefined: none). */
  private readonly gradients = new Map<string, tf.GradConfig | undefined>();

  constructor(readonly backendName: string) {}

  /**
   * Registers `kernelFunc` as `kernelName`, keeping the setup and dispose functions of the kernel
   * it replaces (they bind the wasm functions a stock kernel it falls back to calls).
   */
  kernel(kernelName: string, kernelFunc: tf.KernelFunc): void {
    const current = tf.getKernel(kernelName, this.backendName) as tf.KernelConfig | undefined;
    if (!this.kernels.has(kernelName)) this.kernels.set(kernelName, current);
    if (current != null) tf.unregisterKernel(kernelName, this.backendName);
    const before = this.kernels.get(kernelName);
    tf.registerKernel({ setupFunc: before?.setupFunc, disposeFunc: before?.disposeFunc, kernelName, backendName: this.backendName, kernelFunc });
  }

  /** Registers `config` as the gradient of its kernel. */
  gradient(config: tf.GradConfig): void {
    if (!this.gradients.has(config.kernelName)) this.gradients.set(config.kernelName, tf.getGradient(config.kernelName) as tf.GradConfig | undefined);
    tf.registerGradient(config);
  }

  /** Puts back every kernel and gradient as it was before the first edit. */
  restore(): void {
    for (const [name, before] of [...this.kernels].reverse()) {
      if (tf.getKernel(name, this.backendName) != null) tf.unregisterKernel(name, this.backendName);
      if (before !== undefined) tf.registerKernel(before);
    }
    for (const [name, before] of [...this.gradients].reverse()) {
      if (before !== undefined) tf.registerGradient(before);
      else if (tf.getGradient(name) != null) tf.unregisterGradient(name);
    }
    this.kernels.clear();
    this.gradients.clear();
  }
}
