export * from './calendar.ts';
export * from './queue.ts';
export type * from './types.ts';
