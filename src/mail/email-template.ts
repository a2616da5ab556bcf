import { escapeHtml } from './html';
import { MailMessage } from './mail-transport';

export interface EmailContent {
  to: string;
  subject: string;
  /** "Dear Sam Smith," */
  greeting: string;
  /** Plain sentences; user-supplied text is escaped in the HTML part. */
  paragraphs: string[];
  /** A list after the paragraphs (a digest's events), each with its own link. */
  list?: Array<{ text: string; url: string }>;
  action: { label: string; url: string };
  /** After the link: how long it lasts, what to do if unexpected. */
  after: string[];
}

const SIGN_OFF = 'Population health planning';

/** One email in two parts: plain text, and simple HTML with every supplied text escaped. */
export function renderEmail(content: EmailContent): MailMessage {
  const list = content.list ?? [];
  const text = [content.greeting, '', ...content.paragraphs.flatMap((p) => [p, '']), ...list.flatMap((i) => [`- ${i.text}`, `  ${i.url}`, '']), `${content.action.label}:`, content.action.url, '', ...content.after.flatMap((p) => [p, '']), SIGN_OFF, ''].join('\n');
  const p = (s: string) => `<p>${escapeHtml(s)}</p>`;
  const html = [
    '<!doctype html><html><body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c">',
    p(content.greeting),
    ...content.paragraphs.map(p),
    ...(list.length ? ['<ul>', ...list.map((i) => `<li style="margin-bottom: 8px">${escapeHtml(i.text)}<br><a href="${escapeHtml(i.url)}">${escapeHtml(i.url)}</a></li>`), '</ul>'] : []),
    `<p><a href="${escapeHtml(content.action.url)}" style="font-weight: bold">${escapeHtml(content.action.label)}</a></p>`,
    `<p style="font-size: 14px">If the link does not work, copy this address into your browser:<br>${escapeHtml(content.action.url)}</p>`,
    ...content.after.map(p),
    p(SIGN_OFF),
    '</body></html>',
  ].join('\n');
  return { to: content.to, subject: content.subject, text, html };
}
