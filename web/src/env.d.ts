/** The page's bundled models, generated at build time by web/plugins/bundled-assets.ts. */
declare module 'virtual:bundled-assets' {
  /** A model's samples.json, checked: images in [0, 1] stored as base64 of 8-bit values. */
  export type SamplesFile = import('../../models/lib/folder-checks.ts').SampleImages;
  /** A model shipped with the page. */
  export interface BundledModel {
    readonly id: string;
    readonly label: string;
    readonly description: string;
    /** model.json, relative to the page. */
    readonly path: string;
    readonly labels: readonly string[];
    readonly samples: SamplesFile;
    /** From model-card.json: what the page shows as the model's card. */
    readonly card: {
      readonly architecture: string;
      readonly data: string;
      readonly metrics: Readonly<Record<string, number>>;
      readonly metricNotes: Readonly<Record<string, string>>;
    };
  }
  export const bundledModels: readonly BundledModel[];
}
