const { spawnTimed, stop, MAIN_JS } = require('../dist/bench/processes');
(async () => {
  const env = { NODE_ENV: 'production', DATABASE_PATH: process.argv[2], DEMO_DATA: 'false', AUTH_TOKEN_SECRET: process.env.S, HISTORY_SIGNING_KEY: process.env.K, LOG_LEVEL: process.argv[3] || 'warn' };
  const s = await spawnTimed(MAIN_JS, env, 60000, process.argv[4] ? process.argv[4].split(' ') : []);
  console.log(process.argv[2], process.argv[3], s.firstResponseMs.toFixed(0), 'ms');
  await stop(s.child);
})();
