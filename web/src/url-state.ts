// What is on screen, kept in the page's URL so that a link (or a reload) brings the same view back:
// the bundled model and sample, the class (and class B), the output, the panels and the display.

/** The display controls kept in the URL, by their element ids. */
export const DISPLAY_KEYS = ['colormap', 'sign', 'normalize', 'scope', 'overlay', 'opacity'] as const;

/** The view a URL describes; absent fields keep the page's defaults. */
export interface UrlState {
  /** A bundled model's id. */
  readonly model?: string | undefined;
  /** Index of the bundled model's sample shown. */
  readonly sample?: number | undefined;
  readonly class?: number | undefined;
  readonly versus?: number | undefined;
  readonly output?: number | undefined;
  /** Ids of the panels computed. */
  readonly panels?: readonly string[] | undefined;
  /** Display control values by id ({@link DISPLAY_KEYS}). */
  readonly display?: Readonly<Partial<Record<(typeof DISPLAY_KEYS)[number], string>>> | undefined;
}

/** The state in `parameters` (`?model=mnist-cnn&sample=3&class=7&colormap=bwr...`); malformed numbers are ignored. */
export function readUrlState(parameters: URLSearchParams): UrlState {
  const count = (name: string) => {
    const value = parameters.get(name);
    return value !== null && /^\d+$/.test(value) ? Number(value) : undefined;
  };
  const display: Partial<Record<(typeof DISPLAY_KEYS)[number], string>> = {};
  for (const key of DISPLAY_KEYS) {
    const value = parameters.get(key);
    if (value !== null) display[key] = value;
  }
  return {
    model: parameters.get('model') ?? undefined,
    sample: count('sample'),
    class: count('class'),
    versus: count('versus'),
    output: count('output'),
    panels: parameters.get('panels')?.split(',').filter((id) => id !== ''),
    display,
  };
}

/** `href` with `state` written into its query (other parameters, such as `backend`, are kept). */
export function urlWithState(href: string, state: UrlState): string {
  const url = new URL(href);
  const set = (name: string, value: string | number | undefined) => (value === undefined ? url.searchParams.delete(name) : url.searchParams.set(name, String(value)));
  set('model', state.model);
  set('sample', state.sample);
  set('class', state.class);
  set('versus', state.versus);
  set('output', state.output);
  set('panels', state.panels?.join(','));
  for (const key of DISPLAY_KEYS) set(key, state.display?.[key]);
  return url.href;
}
