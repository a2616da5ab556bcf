/**
 * The kinds of notification a person can receive, how each is delivered by default, and the day a
 * daily digest collects. Pure: no Nest, no database.
 */
export const NOTIFICATION_KINDS = [
  'stage-submitted',
  'changes-requested',
  'review-quorum',
  'stage-approved',
  'project-on-hold',
  'project-resumed',
  'project-withdrawn',
  'project-completed',
  'stage-overdue',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const DELIVERY_MODES = ['immediately', 'daily-digest', 'off'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

export interface NotificationKindDefinition {
  /** For the preferences page: "When ..." */
  label: string;
  /** Who receives it, in plain words, for the preferences page. */
  who: string;
  default: DeliveryMode;
}

/**
 * Defaults: what asks something of the person now comes at once; news about a project they follow
 * comes in the daily digest, so following many projects does not fill an inbox.
 */
export const NOTIFICATION_KIND_DEFINITIONS: Record<NotificationKind, NotificationKindDefinition> = {
  'stage-submitted': { label: 'A stage you review is submitted for review', who: 'Reviewers', default: 'immediately' },
  'changes-requested': { label: 'Changes are asked for on a stage you run', who: 'The programme manager', default: 'immediately' },
  'review-quorum': { label: 'A review has every approval it needs', who: 'The programme manager', default: 'immediately' },
  'stage-approved': { label: 'A stage is approved', who: 'The programme manager, the reviewers and followers', default: 'immediately' },
  'project-on-hold': { label: 'A project you follow is put on hold', who: 'Followers', default: 'daily-digest' },
  'project-resumed': { label: 'A project you follow resumes', who: 'Followers', default: 'daily-digest' },
  'project-withdrawn': { label: 'A project you follow is withdrawn', who: 'Followers', default: 'daily-digest' },
  'project-completed': { label: 'A project you follow is completed', who: 'Followers', default: 'daily-digest' },
  'stage-overdue': { label: 'A stage passes its target date', who: 'The programme manager and followers', default: 'daily-digest' },
};

export function isNotificationKind(value: unknown): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly unknown[]).includes(value);
}

/** The time zone a digest's day is counted in: the service's people are in England. */
export const DIGEST_TIME_ZONE = 'Europe/London';

const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: DIGEST_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day (YYYY-MM-DD) in London at `instant`: a digest's day, and "today" for target dates. */
export function londonDay(instant: Date): string {
  return LONDON_DAY.format(instant);
}

/** "Tuesday 3 March 2026", for a digest's subject. */
export function dayInWords(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(Date.UTC(y, m - 1, d))).replace(',', '');
}
