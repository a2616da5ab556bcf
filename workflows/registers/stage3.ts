import type { Blocker } from '../blockers';
import type { StageKey } from '../framework';
import { DerivedDeliverable, GateInput, normaliseRegisters, Registers } from './types';
import { blocker, derived, mandatoryBlockers, plural, present, quoteName, tally } from './util';

const STAGE: StageKey = 'review-of-services-and-assets';

function serviceMap(r: Registers): DerivedDeliverable {
  const key = 'service-map';
  const blockers: Blocker[] = [];
  if (!r.services.length) {
    blockers.push(blocker(STAGE, key, 'SERVICES_MISSING', 'No services are recorded: map what services are provided, by whom, where and when.'));
  }
  for (const s of r.services) {
    const name = quoteName(s.name, s.id);
    if (!present(s.provider)) blockers.push(blocker(STAGE, key, 'SERVICE_WITHOUT_PROVIDER', `Service ${name} has no provider.`, s.id));
    if (!present(s.assetId)) blockers.push(blocker(STAGE, key, 'SERVICE_WITHOUT_PLACE', `Service ${name} does not say where it is delivered (asset).`, s.id));
    if (!present(s.when)) blockers.push(blocker(STAGE, key, 'SERVICE_WITHOUT_TIME', `Service ${name} does not say when it runs (days and hours).`, s.id));
  }
  let evidence = '';
  if (r.services.length) {
    const providers = new Set(r.services.map((s) => s.provider).filter(present)).size;
    const places = new Set(r.services.map((s) => s.assetId).filter(present)).size;
    const withSegments = r.services.filter((s) => (s.segmentIds ?? []).length > 0).length;
    evidence = `${plural(r.services.length, 'service')} from ${plural(providers, 'provider')} at ${plural(places, 'asset')}; ${withSegments} linked to population segments`;
  }
  return derived(STAGE, key, evidence, blockers);
}

function physicalAssets(r: Registers): DerivedDeliverable {
  const key = 'physical-assets';
  const blockers = r.assets.length
    ? []
    : [blocker(STAGE, key, 'ASSETS_MISSING', 'No physical assets are recorded: identify the buildings services are delivered from.')];
  let evidence = '';
  if (r.assets.length) {
    const withServices = r.assets.filter((a) => r.services.some((s) => s.assetId === a.id)).length;
    evidence = `${plural(r.assets.length, 'asset')} (grades ${tally(r.assets.map((a) => a.condition), ['A', 'B', 'C', 'D'])}); ${withServices} with services recorded`;
  }
  return derived(STAGE, key, evidence, blockers);
}

function sustainability(r: Registers): DerivedDeliverable {
  const key = 'sustainability-issues';
  const blockers: Blocker[] = [];
  // Any category counts: the rule is that the risk is on the record, not how it is filed.
  for (const a of r.assets) {
    if ((a.condition === 'C' || a.condition === 'D') && !r.sustainabilityIssues.some((i) => i.assetId === a.id)) {
      blockers.push(
        blocker(STAGE, key, 'ASSET_CONDITION_WITHOUT_ISSUE', `Asset ${quoteName(a.name, a.id)} is graded ${a.condition} but has no sustainability issue recorded.`, a.id),
      );
    }
  }
  for (const s of r.services) {
    if (s.funding === 'non-recurrent' && !r.sustainabilityIssues.some((i) => i.serviceId === s.id)) {
      blockers.push(
        blocker(STAGE, key, 'NON_RECURRENT_SERVICE_WITHOUT_ISSUE', `Service ${quoteName(s.name, s.id)} runs on non-recurrent funding but has no sustainability issue recorded.`, s.id),
      );
    }
  }
  const issues = r.sustainabilityIssues;
  const evidence = issues.length
    ? `${plural(issues.length, 'sustainability issue')} (${tally(issues.map((i) => i.category), ['workforce', 'building-condition', 'non-recurrent-funding', 'other'])}); ${issues.filter((i) => i.severity === 'high').length} high severity`
    : '';
  return derived(STAGE, key, evidence, blockers);
}

function serviceActivity(r: Registers): DerivedDeliverable {
  const key = 'service-activity';
  const withActivity = r.services.filter((s) => typeof s.annualActivity === 'number');
  const blockers = withActivity.length
    ? []
    : [blocker(STAGE, key, 'SERVICE_ACTIVITY_MISSING', 'No service shows its annual activity yet.')];
  const evidence = withActivity.length ? `${withActivity.length} of ${plural(r.services.length, 'service')} show annual activity` : '';
  return derived(STAGE, key, evidence, blockers);
}

/** Stage 3 deliverables: service-map, physical-assets, sustainability-issues, service-activity (optional). */
export function stage3Deliverables(input: GateInput): DerivedDeliverable[] {
  const r = normaliseRegisters(input.registers);
  return [serviceMap(r), physicalAssets(r), sustainability(r), serviceActivity(r)];
}

export function stage3GateBlockers(input: GateInput): Blocker[] {
  return mandatoryBlockers(stage3Deliverables(input));
}
