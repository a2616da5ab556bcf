const t0 = performance.now();
require('reflect-metadata');
const { createApp } = require('../dist/src/app.factory');
const t1 = performance.now();
(async () => {
  const app = await createApp({ env: process.env, logger: false });
  const t2 = performance.now();
  await app.listen(0, '127.0.0.1');
  const t3 = performance.now();
  console.log(`require ${(t1-t0).toFixed(0)} ms, create+init ${(t2-t1).toFixed(0)} ms, listen ${(t3-t2).toFixed(0)} ms`);
  await app.close();
})();
