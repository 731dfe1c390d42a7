import { COLORMAPS, NORMALIZE_MODES, OVERLAY_METHODS, SALIENCY_SIGNS, type ColormapName, type NormalizeMode, type OverlayMethod, type SaliencySign, type ScaleScope } from 'tfjs-saliency';
import { byId, element } from './dom.ts';

/** How maps are drawn; changing any of these re-renders without recomputing. */
export interface DisplayOptions {
  readonly colormap: ColormapName;
  readonly sign: SaliencySign;
  readonly mode: NormalizeMode;
  readonly scope: ScaleScope;
  /** How the coloured map is laid over the image. */
  readonly overlay: OverlayMethod;
  /** Weight of the map over the image, 0 (image only) to 1 (map only). */
  readonly opacity: number;
}

/** The page opens with keras-vis's look: |map|, min-max scaled, jet, over the image. */
export const DEFAULT_DISPLAY: DisplayOptions = {
  colormap: 'jet',
  sign: 'absolute',
  mode: 'minmax',
  scope: 'per-map',
  overlay: 'blend',
  opacity: 0.6,
};

/** The colormap, sign, normalisation, scale and opacity controls. */
export class DisplayControls {
  private readonly colormap = byId('colormap', HTMLSelectElement);
  private readonly sign = byId('sign', HTMLSelectElement);
  private readonly mode = byId('normalize', HTMLSelectElement);
  private readonly scope = byId('scope', HTMLSelectElement);
  private readonly overlay = byId('overlay', HTMLSelectElement);
  private readonly opacity = byId('opacity', HTMLInputElement);

  constructor(onChange: () => void) {
    fill(this.colormap, Object.keys(COLORMAPS), DEFAULT_DISPLAY.colormap);
    fill(this.sign, SALIENCY_SIGNS, DEFAULT_DISPLAY.sign);
    fill(this.mode, NORMALIZE_MODES, DEFAULT_DISPLAY.mode);
    fill(this.overlay, OVERLAY_METHODS, DEFAULT_DISPLAY.overlay);
    this.scope.value = DEFAULT_DISPLAY.scope;
    this.opacity.value = String(DEFAULT_DISPLAY.opacity);
    for (const control of [this.colormap, this.sign, this.mode, this.scope, this.overlay]) control.addEventListener('change', onChange);
    this.opacity.addEventListener('input', onChange);
  }

  /** Sets the controls named in `values` (by element id) to values they offer; others are ignored. */
  set(values: Readonly<Partial<Record<string, string>>>): void {
    const controls: Record<string, HTMLSelectElement | HTMLInputElement> = {
      colormap: this.colormap, sign: this.sign, normalize: this.mode, scope: this.scope, overlay: this.overlay, opacity: this.opacity,
    };
    for (const [id, value] of Object.entries(values)) {
      const control = controls[id];
      if (control === undefined || value === undefined) continue;
      if (control instanceof HTMLSelectElement ? [...control.options].some((o) => o.value === value) : Number(value) >= 0 && Number(value) <= 1) control.value = value;
    }
  }

  /** The control values by element id, as {@link set} takes them (for the URL). */
  values(): Record<string, string> {
    return { colormap: this.colormap.value, sign: this.sign.value, normalize: this.mode.value, scope: this.scope.value, overlay: this.overlay.value, opacity: this.opacity.value };
  }

  /** The options set now. */
  options(): DisplayOptions {
    return {
      colormap: this.colormap.value as ColormapName,
      sign: this.sign.value as SaliencySign,
      mode: this.mode.value as NormalizeMode,
      scope: this.scope.value as ScaleScope,
      overlay: this.overlay.value as OverlayMethod,
      opacity: Number(this.opacity.value),
    };
  }
}

function fill(select: HTMLSelectElement, values: readonly string[], selected: string): void {
  select.replaceChildren(...values.map((v) => element('option', { value: v, textContent: v })));
  select.value = selected;
}
