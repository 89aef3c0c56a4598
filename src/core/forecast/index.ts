// Public surface of the Monte Carlo forecasting engine (pure; no vscode). See README "Forecasting".
export * from './calendar';
export * from './extract';
export * from './forecast';
export * from './guards';
export * from './history';
export * from './percentiles';
export * from './perItem';
export * from './prng';
export * from './sentences';
export * from './simulate';
export * from './sources';
export * from './metrics';
export * from './backtest';
export * from './ledger';
export * from './attribution';
export * from './worker';
export * from './workerClient';
