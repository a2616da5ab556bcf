/**
 * The population health and care needs framework (Oxfordshire Health & Wellbeing Board,
 * November 2018) as data: six stages, each with the deliverables the framework lists.
 * Everything else in the engine (machine, gates, API, demo data) reads from this catalogue.
 */
export const FRAMEWORK_VERSION = '2018-11';

export const STAGE_KEYS = [
  'planning-and-codesign',
  'population-health-and-care-needs',
  'review-of-services-and-assets',
  'innovation-and-good-practice',
  'meeting-population-needs',
  'development-of-options',
] as const;

export type StageKey = (typeof STAGE_KEYS)[number];

export interface DeliverableDefinition {
  key: string;
  title: string;
  mandatory: boolean;
}

export interface StageDefinition {
  key: StageKey;
  order: number;
  title: string;
  summary: string;
  deliverables: DeliverableDefinition[];
}

const d = (key: string, title: string, mandatory = true): DeliverableDefinition => ({ key, title, mandatory });

export const STAGES: readonly StageDefinition[] = [
  {
    key: 'planning-and-codesign',
    order: 1,
    title: 'Planning and co-design',
    summary:
      'Co-design the detailed approach with local involvement, confirm the scope, establish the project groups and kick the project off with the community.',
    deliverables: [
      d('codesign-approach', 'Co-design the detailed approach, with emphasis on local involvement'),
      d('confirm-scope', 'Confirm the scope (neighbourhood, town or locality), informed by the JSNA and community profiles'),
      d('core-project-team', 'Establish a core project team'),
      d('stakeholder-group', 'Establish a stakeholder group'),
      d('clinical-professional-group', 'Establish a clinical/professional group'),
      d('involvement-strategy', 'Develop an involvement strategy and a communications plan'),
      d('community-kick-off', 'Hold community event(s) to introduce and kick off the project'),
    ],
  },
  {
    key: 'population-health-and-care-needs',
    order: 2,
    title: 'Population health and care needs',
    summary:
      'Understand current and future needs: build on the JSNA and community profiles, segment the population, act on urgent concerns and model significant population change.',
    deliverables: [
      d('build-on-existing-work', 'Build on existing work (JSNA, community profiles) to understand current and future needs'),
      d('key-leads', 'Identify key leads to be engaged in specific aspects of the needs work'),
      d('population-segmentation', 'Start a population health management approach: segment the population by need, trend and change'),
      d('urgent-concerns', 'Identify urgent or immediate concerns that need action now'),
      d('future-population-modelling', 'Model significant population changes (housing growth, the growth deal)'),
      d('timescale', 'Plot the timescale', false),
    ],
  },
  {
    key: 'review-of-services-and-assets',
    order: 3,
    title: 'Review of services and assets',
    summary:
      'Map the services provided, by whom, where, when and for which population, the physical assets they are delivered from, and their sustainability.',
    deliverables: [
      d('review-team', 'Identify the individuals and organisations to do the review'),
      d('service-map', 'Map what services are provided, by whom, where and when, and which population uses them'),
      d('physical-assets', 'Identify physical assets and the services provided from each'),
      d('sustainability-issues', 'Capture sustainability issues: workforce, building condition, non-recurrent funding'),
      d('service-activity', 'Show activity: which population segments use which services (where possible)', false),
    ],
  },
  {
    key: 'innovation-and-good-practice',
    order: 4,
    title: 'Innovation and good practice',
    summary:
      'Gather innovative approaches and early-adopter results, clinical good practice, local ideas on integration and wellbeing and prevention initiatives.',
    deliverables: [
      d('innovative-approaches', 'Innovative approaches to future delivery and what early-adopter sites achieved'),
      d('clinical-good-practice', 'The latest ideas and clinical good practice'),
      d('local-delivery-views', 'Views and ideas of those delivering services locally on integration and innovation'),
      d('wellbeing-and-prevention', 'Initiatives that address wellbeing and prevention'),
    ],
  },
  {
    key: 'meeting-population-needs',
    order: 5,
    title: 'Meeting population needs',
    summary:
      'Co-design solutions, draw up proposals from stages 2-4, test what can be met locally and challenge affordability and deliverability.',
    deliverables: [
      d('solution-building-events', 'Co-design small solution-building events or one accelerated event'),
      d('proposals', 'Draw up proposals informed directly by stages 2-4'),
      d('local-delivery-test', 'Test whether all challenges and gaps can be met locally'),
      d('prevention-impact', 'Estimate the impact of wellbeing and prevention initiatives'),
      d('affordability-challenge', 'Challenge whether proposals are affordable and deliverable'),
    ],
  },
  {
    key: 'development-of-options',
    order: 6,
    title: 'Development of options',
    summary:
      'Refine and test options, summarise them in an Outline Business Case on the five-case model, identify quick wins and confirm any significant service change.',
    deliverables: [
      d('refine-options', 'Refine options using local engagement events and further modelling'),
      d('test-options', 'Test options against deliverability, operational sustainability and affordability'),
      d('outline-business-case', 'Summarise options in an Outline Business Case using the five-case model'),
      d('quick-wins', 'Identify quick wins', false),
      d('significant-service-change', 'Confirm any potential significant service changes'),
    ],
  },
];

export function isStageKey(value: unknown): value is StageKey {
  return typeof value === 'string' && (STAGE_KEYS as readonly string[]).includes(value);
}

export function stageDefinition(key: StageKey): StageDefinition {
  const stage = STAGES.find((s) => s.key === key);
  if (!stage) throw new Error(`Unknown stage ${key}`);
  return stage;
}

export function deliverableDefinition(stage: StageKey, deliverable: string): DeliverableDefinition | undefined {
  return stageDefinition(stage).deliverables.find((x) => x.key === deliverable);
}

/** "Stage 2 (Population health and care needs)": how people refer to a stage in messages. */
export function stageLabel(key: StageKey): string {
  const s = stageDefinition(key);
  return `Stage ${s.order} (${s.title})`;
}
