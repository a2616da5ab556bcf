import { Logger } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';

/** The longest wait for requests already started, after which the service closes anyway. */
export const SHUTDOWN_DRAIN_LIMIT_MS = 20_000;
/** Once nothing is in flight: how long open connections may still send a request (and be told 503). */
const LINGER_MS = 300;

/**
 * SIGTERM and SIGINT drain before they close, so a stop (a deployment, a container platform)
 * loses nothing and answers everyone:
 * 1. answer every new request 503 with `Retry-After` and `Connection: close`, and tell every
 *    in-flight response to close its connection too. The port stays open meanwhile: closing the
 *    listener at once resets connections still in the kernel's accept queue, and closing idle
 *    keep-alive connections races with a request a client is sending on one (both: no answer);
 * 2. once no request is in flight (and a short linger has passed for clients mid-send), close the
 *    application: the HTTP server (new connections are refused from here), then the database
 *    (which checkpoints SQLite's write-ahead log into the file), and exit.
 * Used by main.ts in place of Nest's plain shutdown hooks, which close connections at once.
 */
export function attachGracefulShutdown(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const log = new Logger('Shutdown');
  let draining = false;
  let inFlight = 0;
  let idle: (() => void) | undefined;

  fastify.addHook('onRequest', (request, reply, done) => {
    if (draining) {
      void reply
        .code(503)
        .header('connection', 'close')
        .header('retry-after', '5')
        .send({ statusCode: 503, error: 'ServiceUnavailable', message: 'The service is restarting. Try again in a few seconds.' });
      return;
    }
    inFlight++;
    // 'close' fires once the response is sent or the client went away: either way it is done
    reply.raw.once('close', () => {
      inFlight--;
      if (inFlight === 0) idle?.();
    });
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) reply.header('connection', 'close');
    done(null, payload);
  });

  let stopping: Promise<void> | undefined;
  const stop = (signal: NodeJS.Signals) => {
    stopping ??= (async () => {
      draining = true;
      log.log(`${signal}: answering new requests 503, finishing ${inFlight} request(s) in flight`);
      const drained = new Promise<void>((resolve) => {
        idle = resolve;
        if (inFlight === 0) resolve();
      });
      const limit = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_DRAIN_LIMIT_MS).unref());
      await Promise.race([drained, limit]);
      await new Promise((resolve) => setTimeout(resolve, LINGER_MS));
      await Promise.race([drained, limit]);
      await app.close();
      log.log('closed: HTTP server and database');
    })().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error(`closing failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
