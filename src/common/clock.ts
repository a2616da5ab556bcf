import { Global, Injectable, Module } from '@nestjs/common';

/**
 * The one clock seam: commands take their single timestamp from here (occurredAt of the history
 * entry, updatedAt of what they write), so tests and replays can substitute time.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** The current instant as stored everywhere: an ISO 8601 UTC string. */
  iso(): string {
    return this.now().toISOString();
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
/** The one clock seam for the accountability rules: today's date as the service counts days (UTC). */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
