/** Receives a warning about a map that cannot be shown faithfully (for example an all-zero map). */
export type WarningHandler = (message: string) => void;

/** The default {@link WarningHandler}: `console.warn`, which exists in Node and in browsers. */
export const consoleWarning: WarningHandler = (message) => console.warn(`tfjs-saliency: ${message}`);
