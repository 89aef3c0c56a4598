// Colours of the active VS Code theme for the Forecast charts (light, dark, high contrast): the
// shared chart theme plus a high-contrast flag (thicker lines), and the shared theme watcher.
import { type ChartTheme, readChartTheme, watchTheme } from '../shared/chart-theme';

export { watchTheme };

export interface ForecastTheme extends ChartTheme {
  /** True in high-contrast themes (thicker lines). */
  contrast: boolean;
}

export function readTheme(): ForecastTheme {
  const t = readChartTheme();
  return {
    ...t,
    // PNG exports are drawn on the theme's background; an opaque one when the variable is missing.
    background: t.background === 'transparent' ? '#1e1e1e' : t.background,
    contrast: document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light'),
  };
}

/** `colour` at `alpha` (hex #rrggbb or anything else unchanged). */
export function withAlpha(colour: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(colour);
  if (!m) return colour;
  return `rgba(${parseInt(m[1], 16)}, ${parseInt(m[2], 16)}, ${parseInt(m[3], 16)}, ${alpha})`;
}
