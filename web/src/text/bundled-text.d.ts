/** The page's bundled text models, generated at build time by web/plugins/bundled-text.ts. */
declare module 'virtual:bundled-text' {
  /** A text model shipped with the page. */
  export interface BundledTextModel {
    readonly id: string;
    readonly label: string;
    readonly description: string;
    /** model.json and vocab.txt, relative to the page. */
    readonly path: string;
    readonly vocabPath: string;
    readonly labels: readonly string[];
    /** Example sentences the page offers. */
    readonly sentences: readonly string[];
  }
  export const bundledTextModels: readonly BundledTextModel[];
}
