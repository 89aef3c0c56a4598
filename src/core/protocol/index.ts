export * from './rpc';
export * from './messages';
