// View-models of the forecast panel (pure): likelihood levels and bands, percentile markers,
// calendar heatmap cells, backlog-order rows, trial CSV / stacked histogram and the export files.
export * from './likelihood';
export * from './markers';
export * from './calendarHeatmap';
export * from './perItemRows';
export * from './exports';
export * from './panelForm';
// What the Forecast page needs from the engine's calendar and guards (the page imports only this folder).
export { compileCalendar, dayOf, isoOf } from '../calendar';
export { formatProbability } from '../guards';
export * from './trials';
