export * from './highlight';
export * from './plan';
export * from './report';
