import { Injectable } from '@nestjs/common';
import { DISTRICTS, OXFORDSHIRE_PCNS_2019 } from '../../../workflows';

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);

/** The create-project form: the PCN and district choices, and what was typed. */
@Injectable()
export class NewProjectPresenter {
  form(values: Record<string, unknown>) {
    const pcns = asList(values.pcns);
    const districts = asList(values.districts);
    return {
      pageTitle: 'Create a project',
      values,
      scopes: ['neighbourhood', 'town', 'locality'].map((s) => ({ value: s, text: s.charAt(0).toUpperCase() + s.slice(1), checked: values.scope === s })),
      districts: DISTRICTS.map((d) => ({ value: d, text: d, checked: districts.includes(d) })),
      pcns: OXFORDSHIRE_PCNS_2019.map((p) => ({ value: p.code, text: `${p.name} (${p.registeredPopulation.toLocaleString('en-GB')} patients)`, checked: pcns.includes(p.code) })),
    };
  }
}
