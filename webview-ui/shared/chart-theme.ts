// The colours and font of the active VS Code theme, read from its CSS variables, for charts drawn
// on a canvas (which cannot use CSS variables), and a controller that re-reads them on a theme change.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Colours of the active VS Code theme, read from its CSS variables. */
export interface ChartTheme {
  fg: string;
  muted: string;
  grid: string;
  background: string;
  hoverBg: string;
  hoverFg: string;
  hoverBorder: string;
  font: string;
  blue: string;
  red: string;
  yellow: string;
  green: string;
  orange: string;
  purple: string;
}

export function readChartTheme(): ChartTheme {
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
    background: v(['--vscode-editor-background'], 'transparent'),
    hoverBg: v(['--vscode-editorHoverWidget-background', '--vscode-editor-background'], '#252526'),
    hoverFg: v(['--vscode-editorHoverWidget-foreground', '--vscode-foreground'], fg),
    hoverBorder: v(['--vscode-editorHoverWidget-border', '--vscode-widget-border'], 'transparent'),
    font: v(['--vscode-font-family'], 'system-ui, sans-serif'),
    blue: v(['--vscode-charts-blue'], '#3794ff'),
    red: v(['--vscode-charts-red'], '#f14c4c'),
    yellow: v(['--vscode-charts-yellow'], '#cca700'),
    green: v(['--vscode-charts-green'], '#89d185'),
    orange: v(['--vscode-charts-orange'], '#d18616'),
    purple: v(['--vscode-charts-purple'], '#b180d7'),
  };
}

/** Calls `fn` (at most once per frame) when VS Code switches theme; returns a stop function. */
export function watchTheme(fn: () => void): () => void {
  let frame = 0;
  const observer = new MutationObserver(() => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      fn();
    });
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id', 'data-vscode-theme-kind'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  return () => {
    observer.disconnect();
    if (frame) cancelAnimationFrame(frame);
  };
}

/**
 * Keeps `theme` current while the host element is connected. VS Code switches vscode-light /
 * vscode-dark / vscode-high-contrast on <body> and rewrites the --vscode-* variables on <html>
 * when the theme changes: the colours are re-read, once per frame, then `onChange` runs.
 */
export class ChartThemeController implements ReactiveController {
  theme: ChartTheme = readChartTheme();
  private stop: (() => void) | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly onChange: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.stop = watchTheme(() => {
      this.theme = readChartTheme();
      this.onChange();
    });
  }

  hostDisconnected(): void {
    this.stop?.();
    this.stop = undefined;
  }
}
