import { checkInput, MAX_INPUT_DEPTH } from '../../../src/common/validation';
import { InvalidInputError } from '../../../src/common/domain-errors';
import { MAX_POUNDS, validateAppraisalInput } from '../../../workflows/stage6';
import { RECORD_TYPES, SCHEMAS, validateRecord } from '../../../workflows/registers';

const nested = (depth: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

describe('checkInput: bounded before anything recursive sees the input', () => {
  it('refuses nesting deeper than the limit, without recursing (3,000 and 100,000 deep)', () => {
    for (const depth of [MAX_INPUT_DEPTH + 1, 3000, 100_000]) {
      expect(() => checkInput(nested(depth))).toThrow(InvalidInputError);
    }
    expect(() => checkInput(nested(MAX_INPUT_DEPTH))).not.toThrow();
  });

  it('refuses lone surrogates in values and keys, naming the field; accepts proper pairs', () => {
    const error = (() => {
      try {
        checkInput({ user: { email: 'a\ud800@x' } });
      } catch (e) {
        return e as InvalidInputError;
      }
    })();
    expect(error?.fields).toEqual([{ field: 'user.email', message: expect.stringContaining('lone surrogate') }]);
    expect(() => checkInput({ ['k\udc00']: 1 })).toThrow(InvalidInputError);
    expect(() => checkInput('x\udc00', 'body')).toThrow(InvalidInputError);
    expect(() => checkInput({ text: 'clinic \ud83c\udfe5' })).not.toThrow();
  });

  it('makes whitespace-only text null (missing) at any depth and remembers where', () => {
    const checked = checkInput({ name: '  ', area: 'Grove', lines: [{ note: '\t\n' }, 'x', ' '], empty: '' });
    expect(checked.value).toEqual({ name: null, area: 'Grove', lines: [{ note: null }, 'x', null], empty: '' });
    expect([...checked.blank].sort()).toEqual(['lines.0.note', 'lines.2', 'name']);
    expect(checkInput('   ').value).toBeNull();
    // a blank query parameter is left out, so its default applies
    expect(checkInput({ limit: ' ', mode: 'replace' }, 'query').value).toEqual({ mode: 'replace' });
  });
});

describe('every number has a range (issue 12, defect 4)', () => {
  it('every numeric register field has a minimum and a maximum', () => {
    for (const type of RECORD_TYPES) {
      for (const spec of SCHEMAS[type].filter((f) => f.type === 'number')) {
        expect({ type, field: spec.name, min: typeof spec.min, max: typeof spec.max }).toEqual({ type, field: spec.name, min: 'number', max: 'number' });
      }
    }
  });

  it('register counts refuse 1e308, Infinity and values beyond their maximum', () => {
    const event = { id: 'e', date: '2026-01-01', format: 'small-events', attendees: 1e308, organisations: [] };
    expect(validateRecord('solution-event', event)).toEqual([{ field: 'attendees', message: 'must be at most 100000' }]);
    expect(validateRecord('segment', { id: 's', model: 'm', name: 'n', people: Infinity, sharePercent: 1, trend: 'stable' })).toEqual([
      { field: 'people', message: 'must be a number' },
    ]);
  });

  it('appraisal amounts refuse 1e308 and values above MAX_POUNDS', () => {
    const score = { score: 3, rationale: 'r' };
    const input = {
      scores: { deliverability: score, operationalSustainability: score, affordability: score },
      costs: [{ year: 0, capital: 1e308, revenue: MAX_POUNDS }],
      benefits: [{ year: 1, amount: MAX_POUNDS + 1 }],
    };
    expect(validateAppraisalInput(input as never).map((e) => e.field)).toEqual(['costs[0].capital', 'benefits[0].amount']);
  });
});
