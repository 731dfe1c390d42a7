import type { PanelSpec } from '../protocol.ts';
import { byId } from './dom.ts';
import { MethodPanel, type PanelHandlers } from './method-panel.ts';

/**
 * Builds one {@link MethodPanel} a spec into the #panels grid (after the input tile). `chosen` (the
 * URL's `?panels=`) switches exactly those on and shows them; ids it names that no panel has are
 * returned, for an error message.
 */
export function buildPanelGrid(
  specs: readonly PanelSpec[],
  chosen: readonly string[] | undefined,
  handlers: PanelHandlers,
): { readonly panels: MethodPanel[]; readonly unknown: readonly string[] } {
  const grid = byId('panels', HTMLDivElement);
  const panels = specs.map((spec) => {
    const on = chosen?.includes(spec.id);
    const panel = new MethodPanel(on === undefined ? spec : { ...spec, enabled: on, featured: on || spec.featured }, handlers);
    grid.append(panel.root);
    return panel;
  });
  const unknown = chosen?.filter((id) => !specs.some((p) => p.id === id)) ?? [];
  return { panels, unknown };
}
