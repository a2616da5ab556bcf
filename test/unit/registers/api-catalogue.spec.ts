import { checkLinks, RECORD_TYPES, RecordType, Registers, REGISTER_OF, emptyRegisters, validateRecord } from '../../../workflows/registers';
import { findRegister, REGISTERS } from '../../../src/registers/register-catalogue';
import { recordSchema, REGISTER_EXAMPLES } from '../../../src/registers/register-examples';

describe('register catalogue of the API', () => {
  it('names each record type once, by a kebab-case plural, in the stage that owns it', () => {
    expect(REGISTERS.map((r) => r.type).sort()).toEqual([...RECORD_TYPES].sort());
    expect(Object.fromEntries(REGISTERS.map((r) => [r.name, r.stage]))).toEqual({
      segments: 'population-health-and-care-needs',
      needs: 'population-health-and-care-needs',
      projections: 'population-health-and-care-needs',
      'urgent-concerns': 'population-health-and-care-needs',
      assets: 'review-of-services-and-assets',
      services: 'review-of-services-and-assets',
      'sustainability-issues': 'review-of-services-and-assets',
      'good-practice': 'innovation-and-good-practice',
      'solution-events': 'meeting-population-needs',
      proposals: 'meeting-population-needs',
      'not-met': 'meeting-population-needs',
    });
    expect(findRegister('urgent-concerns')).toMatchObject({ type: 'urgent-concern', label: 'urgent concern' });
    expect(findRegister('urgent-concern')).toBeUndefined();
  });

  it('documents a valid example for every register, whose links point at the other examples', () => {
    const all: Registers = emptyRegisters();
    for (const type of RECORD_TYPES) (all[REGISTER_OF[type]] as unknown[]).push(REGISTER_EXAMPLES[type]);
    for (const type of RECORD_TYPES) {
      expect([type, validateRecord(type, REGISTER_EXAMPLES[type])]).toEqual([type, []]);
      expect([type, checkLinks(all, type, REGISTER_EXAMPLES[type])]).toEqual([type, []]);
    }
  });

  it('derives each OpenAPI schema from the register schema', () => {
    const asset = recordSchema('asset' as RecordType) as { properties: Record<string, { enum?: string[] }>; required: string[] };
    expect(Object.keys(asset.properties)).toEqual(['id', 'name', 'type', 'postcode', 'owner', 'condition', 'backlogRisk']);
    expect(asset.properties.condition.enum).toEqual(['A', 'B', 'C', 'D']);
    expect(asset.required).toEqual(['name', 'type', 'postcode', 'owner', 'condition', 'backlogRisk']);
  });
});
