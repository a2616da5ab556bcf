import { AsyncLocalStorage } from 'node:async_hooks';
import { Global, Injectable, Module } from '@nestjs/common';

/** The moment an as-of read (`?at=`) runs at: "now" for everything it computes. */
const asOf = new AsyncLocalStorage<Date>();

/** The application's Clock (the last one made): todayUtc() and other module-level readers ask it. */
let applicationClock: Clock | undefined;

/**
 * The one clock seam: commands take their single timestamp from here (occurredAt of the history
 * entry, updatedAt of what they write), so tests and replays can substitute time. Inside an
 * as-of read (`Clock.runAt`) "now" is the moment asked for, so fields that describe today (days
 * late, RAG, the business case's "prepared on") are computed for that date.
 */
@Injectable()
export class Clock {
  constructor() {
    applicationClock = this;
  }

  now(): Date {
    return asOf.getStore() ?? this.wallClock();
  }

  /** The real instant, outside an as-of read (tests substitute it). */
  wallClock(): Date {
    return new Date();
  }

  /** The current instant as stored everywhere: an ISO 8601 UTC string. */
  iso(): string {
    return this.now().toISOString();
  }

  /** Runs `work` (and everything it awaits) with "now" fixed at `at`. */
  static runAt<T>(at: Date, work: () => T): T {
    return asOf.run(at, work);
  }
}

/** "Now" for code outside Nest's injection (pure helpers, module functions): the application's Clock. */
export function currentInstant(): Date {
  return applicationClock ? applicationClock.now() : (asOf.getStore() ?? new Date());
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}

/** The one clock seam for the accountability rules: today's date as the service counts days (UTC). */
export function todayUtc(): string {
  return currentInstant().toISOString().slice(0, 10);
}
