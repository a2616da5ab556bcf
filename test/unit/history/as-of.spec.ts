import { parseAt } from '../../../src/history/as-of';

describe('?at= dates', () => {
  const now = new Date('2026-12-05T12:00:00Z');

  it('reads an ISO date and time with Z, an offset, or none (UTC), as a browser date-time field sends it', () => {
    expect(parseAt('2026-03-01T17:00:00Z', now).toISOString()).toBe('2026-03-01T17:00:00.000Z');
    expect(parseAt('2026-03-01T17:00', now).toISOString()).toBe('2026-03-01T17:00:00.000Z');
    expect(parseAt('2026-03-01T18:00:00.250+01:00', now).toISOString()).toBe('2026-03-01T17:00:00.250Z');
    expect(parseAt(['2026-03-01T17:00:00Z', 'x'], now).toISOString()).toBe('2026-03-01T17:00:00.000Z');
  });

  it('refuses with one plain message a malformed date, a date that does not exist, and a future one', () => {
    for (const bad of [undefined, '', 'yesterday', '2026-03-01', '2026-02-30T10:00:00Z', '2026-13-01T00:00Z', '2026-01-01T25:00Z', '12345']) {
      expect(() => parseAt(bad, now)).toThrow(/at must be an ISO 8601 date and time|at is not a real date and time/);
    }
    expect(() => parseAt('2026-12-05T12:00:01Z', now)).toThrow(/at is in the future/);
    expect(parseAt('2026-12-05T12:00:00Z', now).toISOString()).toBe('2026-12-05T12:00:00.000Z');
  });
});
