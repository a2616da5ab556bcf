/** Projects: pure unit tests (no Nest, no database), medium tests (one component on a real database file) and e2e tests against the real AppModule. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];
// content-disposition 3 (used by @fastify/static, which serves the API docs) ships only as an
// ES module; Node 20 can require() it but Jest's module loader cannot, so Jest compiles it.
const esmOnly = ['content-disposition'];
const common = {
  testEnvironment: 'node',
  rootDir: __dirname,
  transform: {
    '^.+\\.ts$': tsJest,
    [`node_modules/(${esmOnly.join('|')})/.+\\.js$`]: ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', esModuleInterop: true } }],
  },
  transformIgnorePatterns: [`node_modules/(?!(${esmOnly.join('|')})/)`],
};
module.exports = {
  // e2e set-ups walk projects through several stages over HTTP; on a loaded 2-core machine that
  // can pass Jest's 5 s default, which is a hang detector here, not a speed target
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.spec.ts'] },
    // fast tests of one component against a real database file, without HTTP (group commit)
    { ...common, displayName: 'medium', testMatch: ['<rootDir>/test/medium/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
    // Chromium (/usr/bin/chromium) driven by playwright-core against the app on a loopback port
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'] },
  ],
};
