import {
  isUkPostcode,
  normalisePostcode,
  RECORD_TYPES,
  REGISTER_OF,
  validateAsset,
  validateNotMet,
  validateRecord,
  validateSegment,
  validateSolutionEvent,
  validateSustainabilityIssue,
} from '../../../workflows/registers';
import { wantage } from './fixtures';

describe('field validation', () => {
  it('accepts every record of the fixture', () => {
    const r = wantage();
    r.notMet.push({ id: 'nm', needId: 'need-ltc', reason: 'x' });
    for (const type of RECORD_TYPES) {
      for (const record of r[REGISTER_OF[type]]) expect([type, validateRecord(type, record)]).toEqual([type, []]);
    }
  });

  it('reports required fields, enums and number ranges', () => {
    expect(validateSegment({ id: '', model: 'BtH', name: ' ', people: -1, sharePercent: 101, trend: 'up' })).toEqual([
      { field: 'id', message: 'is required' },
      { field: 'name', message: 'is required' },
      { field: 'people', message: 'must be at least 0' },
      { field: 'sharePercent', message: 'must be at most 100' },
      { field: 'trend', message: 'must be one of: increasing, stable, decreasing, unknown' },
    ]);
    expect(validateSegment({ id: 's', model: 'BtH', name: 'n', people: 1.5, sharePercent: '5', trend: 'stable' })).toEqual([
      { field: 'people', message: 'must be a whole number' },
      { field: 'sharePercent', message: 'must be a number' },
    ]);
    expect(validateRecord('need', null)).toEqual([{ field: '', message: 'must be an object' }]);
  });

  it('checks dates, postcodes, lists and ids', () => {
    const event = { id: 'e', date: '2019-02-30', format: 'small-events', attendees: 3, organisations: 'OCCG' };
    expect(validateSolutionEvent(event)).toEqual([
      { field: 'date', message: 'must be a date in the form YYYY-MM-DD' },
      { field: 'organisations', message: 'must be a list (it may be empty)' },
    ]);
    expect(validateSolutionEvent({ ...event, date: '2019-02-28', organisations: ['a;b'] })).toEqual([
      { field: 'organisations', message: 'item "a;b" must not contain \';\'' },
    ]);
    const asset = wantage().assets[0];
    expect(validateAsset({ ...asset, postcode: 'OX12' })).toEqual([{ field: 'postcode', message: 'must be a UK postcode, e.g. OX12 9AB' }]);
    expect(validateAsset({ ...asset, id: 'a;b', condition: 'E' }).map((e) => e.field)).toEqual(['id', 'condition']);
    for (const p of ['OX12 9AT', 'ox129at', 'W1A 1AA', 'M1 1AE', 'B33 8TH', 'CR2 6XH', 'DN55 1PT', 'EC1A 1BB']) expect(isUkPostcode(p)).toBe(true);
    for (const p of ['OX12 9A', '12345', 'OX12-9AT', '']) expect(isUkPostcode(p)).toBe(false);
    expect(normalisePostcode(' ox129at ')).toBe('OX12 9AT');
  });

  it('applies rules across fields', () => {
    expect(validateSustainabilityIssue({ id: 'i', category: 'workforce', severity: 'low', description: 'd' })).toEqual([
      { field: 'assetId', message: 'give the asset or the service affected (assetId or serviceId)' },
    ]);
    expect(validateNotMet({ id: 'n', needId: 'a', concernId: 'b', reason: 'r' })).toEqual([
      { field: 'needId', message: 'give exactly one of needId and concernId' },
    ]);
    expect(validateNotMet({ id: 'n', concernId: 'b', reason: '' })).toEqual([{ field: 'reason', message: 'is required' }]);
  });
});
