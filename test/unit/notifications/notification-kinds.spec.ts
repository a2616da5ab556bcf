import { dayInWords, DELIVERY_MODES, londonDay, NOTIFICATION_KIND_DEFINITIONS, NOTIFICATION_KINDS } from '../../../workflows/notifications';
import { renderEmail } from '../../../src/mail/email-template';

describe('notification kinds and the digest day', () => {
  it('every kind has words for the preferences page and a default delivery', () => {
    for (const kind of NOTIFICATION_KINDS) {
      expect(NOTIFICATION_KIND_DEFINITIONS[kind].label).toMatch(/^[A-Z]/);
      expect(DELIVERY_MODES).toContain(NOTIFICATION_KIND_DEFINITIONS[kind].default);
    }
  });

  it("counts a digest's day in London: British Summer Time moves midnight to 23:00 UTC", () => {
    expect(londonDay(new Date('2026-07-01T22:59:59Z'))).toBe('2026-07-01');
    expect(londonDay(new Date('2026-07-01T23:00:00Z'))).toBe('2026-07-02');
    // in winter London is on UTC
    expect(londonDay(new Date('2026-12-01T23:59:59Z'))).toBe('2026-12-01');
    expect(londonDay(new Date('2026-12-02T00:00:00Z'))).toBe('2026-12-02');
    // the night the clocks go forward (29 March 2026, 01:00 UTC)
    expect(londonDay(new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-28');
    expect(londonDay(new Date('2026-03-29T23:30:00Z'))).toBe('2026-03-30');
  });

  it('names a day in words', () => {
    expect(dayInWords('2030-03-02')).toBe('Saturday 2 March 2030');
  });

  it("a digest's list is escaped in the HTML and readable in the text", () => {
    const mail = renderEmail({
      to: 'a@example.org',
      subject: 's',
      greeting: 'Dear A,',
      paragraphs: ['Here is what happened.'],
      list: [{ text: 'Sam <script> put "X & Y" on hold.', url: 'https://p.example.org/projects/x?a=1&b=2' }],
      action: { label: 'See all', url: 'https://p.example.org/notifications' },
      after: [],
    });
    expect(mail.text).toContain('- Sam <script> put "X & Y" on hold.\n  https://p.example.org/projects/x?a=1&b=2');
    expect(mail.html).toContain('Sam &lt;script&gt; put &quot;X &amp; Y&quot; on hold.');
    expect(mail.html).toContain('href="https://p.example.org/projects/x?a=1&amp;b=2"');
    expect(mail.html).not.toContain('<script>');
  });
});
