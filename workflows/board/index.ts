export * from './highlight';
export * from './plan';
export * from './report';
export * from './history-facts';
export * from './portfolio';
