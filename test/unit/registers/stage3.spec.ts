import { stage3Deliverables, stage3GateBlockers } from '../../../workflows/registers';
import { codes, wantage } from './fixtures';

describe('stage 3 gate: review of services and assets', () => {
  it('passes with assets, complete services and the sustainability issues recorded', () => {
    expect(stage3GateBlockers({ registers: wantage() })).toEqual([]);
    const [map, assets, issues, activity] = stage3Deliverables({ registers: wantage() });
    expect(map.evidence).toBe('2 services from 2 providers at 2 assets; 2 linked to population segments');
    expect(assets.evidence).toBe('2 assets (grades 1 B, 1 D); 2 with services recorded');
    expect(issues.evidence).toBe('2 sustainability issues (1 building-condition, 1 non-recurrent-funding); 1 high severity');
    expect(activity).toMatchObject({ deliverable: 'service-activity', done: true, evidence: '1 of 2 services show annual activity' });
  });

  it('needs at least one asset and one service', () => {
    expect(codes(stage3GateBlockers({ registers: {} }))).toEqual(['ASSETS_MISSING', 'SERVICES_MISSING']);
  });

  it('needs a provider, a place and a time on every service', () => {
    const r = wantage();
    r.services[0] = { ...r.services[0], provider: '', assetId: null, when: undefined };
    const blockers = stage3GateBlockers({ registers: r });
    expect(codes(blockers)).toEqual(['SERVICE_WITHOUT_PLACE', 'SERVICE_WITHOUT_PROVIDER', 'SERVICE_WITHOUT_TIME']);
    expect(blockers.every((b) => b.ref === 'svc-gp' && b.deliverable === 'service-map')).toBe(true);
  });

  it('needs a sustainability issue for every asset graded C or D', () => {
    const r = wantage();
    r.sustainabilityIssues = r.sustainabilityIssues.filter((i) => i.assetId !== 'asset-hospital');
    expect(stage3GateBlockers({ registers: r })).toEqual([
      expect.objectContaining({ code: 'ASSET_CONDITION_WITHOUT_ISSUE', ref: 'asset-hospital', deliverable: 'sustainability-issues' }),
    ]);
    r.assets[0].condition = 'B';
    expect(stage3GateBlockers({ registers: r })).toEqual([]);
    r.assets[0].condition = 'C';
    expect(codes(stage3GateBlockers({ registers: r }))).toEqual(['ASSET_CONDITION_WITHOUT_ISSUE']);
  });

  it('needs a sustainability issue for every service on non-recurrent funding', () => {
    const r = wantage();
    r.sustainabilityIssues = r.sustainabilityIssues.filter((i) => i.serviceId !== 'svc-mlu');
    expect(stage3GateBlockers({ registers: r })).toEqual([
      expect.objectContaining({ code: 'NON_RECURRENT_SERVICE_WITHOUT_ISSUE', ref: 'svc-mlu' }),
    ]);
  });

  it('does not gate on service activity, which is optional', () => {
    const r = wantage();
    r.services.forEach((s) => delete s.annualActivity);
    const activity = stage3Deliverables({ registers: r }).find((d) => d.deliverable === 'service-activity')!;
    expect(activity.done).toBe(false);
    expect(codes(activity.blockers)).toEqual(['SERVICE_ACTIVITY_MISSING']);
    expect(stage3GateBlockers({ registers: r })).toEqual([]);
  });
});
