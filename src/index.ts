export * from './render/normalize.ts';
export * from './render/sign.ts';
export * from './render/statistics.ts';
export * from './render/warnings.ts';
