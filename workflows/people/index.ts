export * from './groups';
export * from './reviews';
export * from './rate-limit';
