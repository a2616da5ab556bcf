export * from './framework';
export * from './blockers';
export * from './project-machine';
export * from './snapshot';
export * from './gates';
export * from './commands';
export * from './workflow-view';
export * from './pcns';
