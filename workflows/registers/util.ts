import type { Blocker } from '../blockers';
import { deliverableDefinition, StageKey } from '../framework';
import type { DerivedDeliverable } from './types';

export function blocker(stage: StageKey, deliverable: string, code: string, message: string, ref?: string): Blocker {
  return ref === undefined ? { code, message, stage, deliverable } : { code, message, stage, deliverable, ref };
}

export function derived(stage: StageKey, deliverable: string, evidence: string, blockers: Blocker[]): DerivedDeliverable {
  return { stage, deliverable, done: blockers.length === 0, evidence, blockers };
}

/** Gate rule: the blockers of the deliverables the framework marks mandatory. */
export function mandatoryBlockers(deliverables: DerivedDeliverable[]): Blocker[] {
  return deliverables
    .filter((d) => deliverableDefinition(d.stage, d.deliverable)?.mandatory ?? true)
    .flatMap((d) => d.blockers);
}

/** 30070 -> "30,070" without relying on the runtime's ICU data. */
export function thousands(n: number): string {
  const [whole, fraction] = String(Math.abs(n)).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** "1 segment", "6 segments". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${thousands(n)} ${n === 1 ? one : many}`;
}

/** "2 workforce, 1 other" in a fixed order, leaving out zero counts. */
export function tally(values: readonly string[], order: readonly string[]): string {
  return order
    .map((key) => [key, values.filter((v) => v === key).length] as const)
    .filter(([, n]) => n > 0)
    .map(([key, n]) => `${n} ${key}`)
    .join(', ');
}

export function present(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

/** Stored arrays may come back null from a JSON column. */
export function arr<T>(value: readonly T[] | null | undefined): readonly T[] {
  return Array.isArray(value) ? value : [];
}

export function quoteName(name: unknown, id: string): string {
  return present(name) ? `"${String(name).trim()}" (${id})` : id;
}
