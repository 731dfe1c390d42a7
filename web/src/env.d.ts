/** The page's bundled models and sample digits, generated at build time by web/plugins/bundled-assets.ts. */
declare module 'virtual:bundled-assets' {
  /** A model shipped with the page. */
  export interface BundledModel {
    readonly id: string;
    readonly label: string;
    /** model.json, relative to the page. */
    readonly path: string;
    readonly labels: readonly string[];
  }
  /** A sample image: grey 0-255 bytes, base64. */
  export interface SampleDigit {
    readonly label: string;
    readonly width: number;
    readonly height: number;
    readonly grey: string;
  }
  export const bundledModels: readonly BundledModel[];
  export const sampleDigits: readonly SampleDigit[];
}
