/**
 * The service under test, in its own process: `createApp` exactly as `npm start` builds it,
 * logger off, listening on 127.0.0.1 on a free port, on the scratch SQLite file the parent
 * gives it. It runs apart from autocannon so the load generator's own JavaScript does not
 * share (and slow) the service's event loop.
 *
 * Protocol (IPC): sends { type: 'ready', port } once listening, or { type: 'failed', error };
 * on { type: 'close' } (or if the parent goes away) closes the app and exits.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { createApp } from '../src/app.factory';
import { BENCH_ADMIN } from './bench-admin';

type Send = (message: unknown) => void;

async function main(): Promise<void> {
  const send: Send = (message) => process.send?.(message);
  const databasePath = process.env.BENCH_DATABASE_PATH;
  if (!databasePath) throw new Error('BENCH_DATABASE_PATH is not set');

  const app = await createApp({
    env: {
      DATABASE_TYPE: 'better-sqlite3',
      DATABASE_PATH: databasePath,
      DEMO_DATA: 'false',
      NODE_ENV: 'production',
      // a production start needs its own secret; the bench signs in as this first admin
      AUTH_TOKEN_SECRET: randomBytes(48).toString('base64'),
      // production signs history checkpoints with a configured key
      HISTORY_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      BOOTSTRAP_ADMIN_EMAIL: BENCH_ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: BENCH_ADMIN.password,
    },
    logger: false,
  });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as AddressInfo;

  let closing = false;
  const close = async (code: number) => {
    if (closing) return;
    closing = true;
    const force = setTimeout(() => process.exit(code || 1), 10_000);
    force.unref();
    try {
      await app.close();
    } catch (error) {
      console.error('[service] close failed:', error);
      code = code || 1;
    }
    // a normal exit (not a kill) so that --cpu-prof can write its profile
    process.exit(code);
  };
  process.on('message', (message: { type?: string }) => {
    if (message?.type === 'close') void close(0);
  });
  process.on('disconnect', () => void close(0));
  send({ type: 'ready', port: address.port });
}

main().catch((error: unknown) => {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.send?.({ type: 'failed', error: text }, () => process.exit(1));
  setTimeout(() => process.exit(1), 1000).unref();
});
