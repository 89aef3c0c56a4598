export * from './rpc';
export * from './messages';
export * from './editor';
export * from './dashboard';
export * from './review';
