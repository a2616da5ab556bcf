/** Oxfordshire's primary care networks, June 2019 (FRAMEWORK.md): reference data for project scope. */
export interface Pcn {
  code: string;
  name: string;
  practices: number;
  registeredPopulation: number;
  districts: string[];
}

export const DISTRICTS = ['Oxford City', 'Cherwell', 'West Oxfordshire', 'Vale of White Horse', 'South Oxfordshire'] as const;

const pcn = (code: string, name: string, practices: number, registeredPopulation: number, districts: string[]): Pcn => ({
  code,
  name,
  practices,
  registeredPopulation,
  districts,
});

export const OXFORDSHIRE_PCNS_2019: readonly Pcn[] = [
  pcn('city-east-oxford', 'City - East Oxford', 5, 47535, ['Oxford City']),
  pcn('city-ox3', 'City - OX3+', 2, 43391, ['Oxford City']),
  pcn('oxford-central', 'Oxford Central', 5, 39178, ['Oxford City']),
  pcn('oxford-city-north', 'Oxford City North', 4, 42990, ['Oxford City']),
  pcn('se-oxfordshire-health-alliance', 'SE Oxfordshire Health Alliance', 4, 40824, ['Oxford City']),
  pcn('banbury-town', 'Banbury Town', 6, 66154, ['Cherwell']),
  pcn('bicester', 'Bicester', 3, 49523, ['Cherwell']),
  pcn('eynsham-witney', 'Eynsham & Witney', 4, 51273, ['West Oxfordshire']),
  pcn('kiwy', 'KIWY (Kidlington, Islip, Woodstock, Yarnton)', 4, 35229, ['Cherwell', 'West Oxfordshire']),
  pcn('nora', 'NORA (North Oxfordshire Rural Alliance)', 5, 47666, ['Cherwell', 'West Oxfordshire']),
  pcn('rural-west', 'Rural West', 4, 31457, ['West Oxfordshire']),
  pcn('abingdon-district', 'Abingdon & District', 4, 30043, ['Vale of White Horse']),
  pcn('abingdon-central', 'Abingdon Central', 2, 33657, ['Vale of White Horse']),
  pcn('didcot', 'Didcot', 3, 41902, ['South Oxfordshire']),
  pcn('henley-sonnet', 'Henley SonNet', 4, 32144, ['South Oxfordshire']),
  pcn('thame', 'Thame', 3, 30525, ['South Oxfordshire']),
  pcn('wallingford-surrounds', 'Wallingford & Surrounds', 3, 32052, ['South Oxfordshire']),
  pcn('wantage', 'Wantage', 2, 30070, ['Vale of White Horse']),
  pcn('white-horse-botley', 'White Horse Botley', 2, 31366, ['Vale of White Horse']),
];

/** Registered patients of a set of PCNs (June 2019 list sizes). */
export function pcnPopulation(codes: readonly string[]): number {
  return codes.reduce((sum, code) => sum + (findPcn(code)?.registeredPopulation ?? 0), 0);
}

export function findPcn(code: string): Pcn | undefined {
  return OXFORDSHIRE_PCNS_2019.find((p) => p.code === code);
}
