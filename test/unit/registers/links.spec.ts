import { checkLinks, danglingLinks, deletionBlockers, linksTo } from '../../../workflows/registers';
import { wantage } from './fixtures';

describe('link integrity', () => {
  it('lists the records that link to a record', () => {
    const r = wantage();
    expect(linksTo(r, 'need', 'need-ltc')).toEqual([
      { recordType: 'good-practice', id: 'gp-clin', field: 'needIds' },
      { recordType: 'proposal', id: 'prop-hub', field: 'needIds' },
    ]);
    expect(linksTo(r, 'asset', 'asset-hospital')).toEqual([
      { recordType: 'service', id: 'svc-mlu', field: 'assetId' },
      { recordType: 'sustainability-issue', id: 'si-building', field: 'assetId' },
    ]);
    expect(linksTo(r, 'segment', 'seg-frail').map((l) => l.recordType)).toEqual(['need', 'service']);
    expect(linksTo(r, 'urgent-concern', 'uc-access').map((l) => l.id)).toEqual(['gp-local', 'prop-hub']);
    expect(linksTo(r, 'proposal', 'prop-hub')).toEqual([]);
  });

  it('explains why a linked record cannot be deleted', () => {
    const blockers = deletionBlockers(wantage(), 'service', 'svc-mlu');
    expect(blockers).toEqual([expect.objectContaining({ code: 'RECORD_IN_USE', ref: 'si-funding' })]);
    expect(blockers[0].message).toContain('sustainability issue si-funding');
    expect(deletionBlockers(wantage(), 'projection', 'proj-2031')).toEqual([]);
  });

  it('checks every link on a new record points at an existing record of the right type', () => {
    const r = wantage();
    const ok = { id: 'p', title: 't', needIds: ['need-ltc'], concernIds: ['uc-access'] };
    expect(checkLinks(r, 'proposal', ok)).toEqual([]);
    const wrongType = { ...ok, needIds: ['need-ltc', 'uc-access'], concernIds: ['nope'] };
    expect(checkLinks(r, 'proposal', wrongType)).toEqual([
      { field: 'needIds', message: 'no need with id "uc-access"' },
      { field: 'concernIds', message: 'no urgent concern with id "nope"' },
    ]);
    expect(checkLinks(r, 'sustainability-issue', { id: 'x', assetId: 'svc-gp' })).toEqual([
      { field: 'assetId', message: 'no asset with id "svc-gp"' },
    ]);
    expect(checkLinks(r, 'service', { id: 'x', assetId: null, segmentIds: [] })).toEqual([]);
  });

  it('finds dangling links across all registers', () => {
    const r = wantage();
    expect(danglingLinks(r)).toEqual([]);
    r.needs = r.needs.filter((n) => n.id !== 'need-frail');
    expect(danglingLinks(r)).toEqual([
      { recordType: 'good-practice', id: 'gp-innov', field: 'needIds', target: 'need-frail' },
      { recordType: 'proposal', id: 'prop-hub', field: 'needIds', target: 'need-frail' },
    ]);
  });
});
