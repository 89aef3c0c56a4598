// Likelihood levels (risky <= 50%, realistic <= 70%, confident <= 85%, certain > 85%) and the five
// colour bands of the calendar heatmap (<50, 50-70, 70-85, 85-95, >=95). Pure: the panel, cards
// and status bar map the same level to the same colour and icon.

export type LikelihoodLevel = 'risky' | 'realistic' | 'confident' | 'certain';
export const LIKELIHOOD_LEVELS: readonly LikelihoodLevel[] = ['risky', 'realistic', 'confident', 'certain'];

/** The level of a probability in [0, 1] (boundaries belong to the lower level: 0.50 is risky). */
export function likelihoodOf(p: number): LikelihoodLevel {
  const pc = Math.round(p * 1e6) / 1e4; // 0.85 * 100 is 85.00000000000001: compare at 4 decimals of a percent
  if (pc <= 50) return 'risky';
  if (pc <= 70) return 'realistic';
  if (pc <= 85) return 'confident';
  return 'certain';
}

/** Codicon of each level (shape as well as colour, for colour-blind readers and high contrast). */
export const LIKELIHOOD_ICONS: Readonly<Record<LikelihoodLevel, string>> = {
  risky: 'error',
  realistic: 'warning',
  confident: 'pass',
  certain: 'pass-filled',
};

/** VS Code theme variable of each level's colour (with a fallback). */
export const LIKELIHOOD_COLORS: Readonly<Record<LikelihoodLevel, string>> = {
  risky: 'var(--vscode-charts-red, #f14c4c)',
  realistic: 'var(--vscode-charts-orange, #d18616)',
  confident: 'var(--vscode-charts-yellow, #cca700)',
  certain: 'var(--vscode-charts-green, #89d185)',
};

export type CalendarBand = 'below50' | 'from50' | 'from70' | 'from85' | 'from95';
export const CALENDAR_BANDS: readonly CalendarBand[] = ['below50', 'from50', 'from70', 'from85', 'from95'];

/** The colour band of a day's completion probability: <50 / 50-70 / 70-85 / 85-95 / >=95 (lower bound inclusive). */
export function bandOf(p: number): CalendarBand {
  const pc = Math.round(p * 1e6) / 1e4;
  if (pc < 50) return 'below50';
  if (pc < 70) return 'from50';
  if (pc < 85) return 'from70';
  if (pc < 95) return 'from85';
  return 'from95';
}

/** Lower bound (percent) of each band, for legends. */
export const BAND_FLOORS: Readonly<Record<CalendarBand, number>> = { below50: 0, from50: 50, from70: 70, from85: 85, from95: 95 };
