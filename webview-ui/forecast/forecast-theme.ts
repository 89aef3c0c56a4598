// Colours of the active VS Code theme for the Forecast charts (light, dark, high contrast), read
// from the --vscode-* CSS variables, and a watcher that calls back when the theme changes.

export interface ForecastTheme {
  fg: string;
  muted: string;
  grid: string;
  background: string;
  hoverBg: string;
  hoverFg: string;
  font: string;
  blue: string;
  red: string;
  yellow: string;
  green: string;
  orange: string;
  purple: string;
  /** True in high-contrast themes (thicker lines). */
  contrast: boolean;
}

export function readTheme(): ForecastTheme {
  const cs = getComputedStyle(document.documentElement);
  const v = (names: string[], fallback: string) => {
    for (const n of names) {
      const x = cs.getPropertyValue(n).trim();
      if (x) return x;
    }
    return fallback;
  };
  const fg = v(['--vscode-foreground'], '#cccccc');
  return {
    fg,
    muted: v(['--vscode-descriptionForeground'], fg),
    grid: v(['--vscode-panel-border', '--vscode-widget-border', '--vscode-contrastBorder'], 'rgba(128, 128, 128, 0.35)'),
    background: v(['--vscode-editor-background'], '#1e1e1e'),
    hoverBg: v(['--vscode-editorHoverWidget-background', '--vscode-editor-background'], '#252526'),
    hoverFg: v(['--vscode-editorHoverWidget-foreground', '--vscode-foreground'], fg),
    font: v(['--vscode-font-family'], 'system-ui, sans-serif'),
    blue: v(['--vscode-charts-blue'], '#3794ff'),
    red: v(['--vscode-charts-red'], '#f14c4c'),
    yellow: v(['--vscode-charts-yellow'], '#cca700'),
    green: v(['--vscode-charts-green'], '#89d185'),
    orange: v(['--vscode-charts-orange'], '#d18616'),
    purple: v(['--vscode-charts-purple'], '#b180d7'),
    contrast: document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light'),
  };
}

/** Calls `fn` (at most once per frame) when VS Code switches theme; returns a stop function. */
export function watchTheme(fn: () => void): () => void {
  let frame = 0;
  const obs = new MutationObserver(() => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      fn();
    });
  });
  obs.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id', 'data-vscode-theme-kind'] });
  obs.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  return () => {
    obs.disconnect();
    if (frame) cancelAnimationFrame(frame);
  };
}

/** `colour` at `alpha` (hex #rrggbb or anything else unchanged). */
export function withAlpha(colour: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(colour);
  if (!m) return colour;
  return `rgba(${parseInt(m[1], 16)}, ${parseInt(m[2], 16)}, ${parseInt(m[3], 16)}, ${alpha})`;
}
