// Azure DevOps as a forecast source (pure: never imports vscode): settings, client, sync, cache.
export * from './cache';
export * from './capacity';
export * from './client';
export * from './errors';
export * from './publish';
export * from './query';
export * from './settings';
export * from './source';
export * from './states';
export * from './sync';
export * from './transport';
