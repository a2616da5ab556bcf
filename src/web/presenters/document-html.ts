/**
 * The body of a standalone document the domain renders (business case, highlight report: every
 * piece of user text already escaped there), to show inside a page. `shift` demotes its
 * headings so the page keeps one h1.
 */
export function documentBody(html: string, shift = 0): string {
  const body = /<body>([\s\S]*)<\/body>/.exec(html)?.[1] ?? '';
  if (shift === 0) return body;
  return body.replace(/<(\/?)h([1-6])>/g, (_m, close: string, level: string) => `<${close}h${Math.min(6, Number(level) + shift)}>`);
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/** Public pages never show an email address, even one typed into a reason or a business case. */
export function withoutEmails<T extends string | null | undefined>(text: T): T {
  return (typeof text === 'string' ? text.replace(EMAIL, '[email address removed]') : text) as T;
}
