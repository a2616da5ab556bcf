const t0 = performance.now();
require('reflect-metadata');
const { createApp } = require('../dist/src/app.factory');
const t1 = performance.now();
(async () => {
  const app = await createApp({ gracefulShutdown: process.argv[2] === 'g' });
  const t2 = performance.now();
  await app.listen(0, '127.0.0.1');
  const t3 = performance.now();
  const port = app.getHttpServer().address().port;
  const r = await fetch(`http://127.0.0.1:${port}/api/health`); await r.text();
  const t4 = performance.now();
  console.error(`require ${(t1-t0).toFixed(0)} ms, create+init ${(t2-t1).toFixed(0)} ms, listen ${(t3-t2).toFixed(0)} ms, first health ${(t4-t3).toFixed(0)} ms ${r.status}`);
  await app.close();
  process.exit(0);
})();
