import { StageKey } from '../../../workflows';
import type { TestApp } from './test-app';

/**
 * The records a stage's gate looks at, created through the API so that the stage can be
 * submitted. Each feature area adds its stages here, from its own file.
 */
type StageWork = (t: TestApp, slug: string) => Promise<void>;

const stageWork: Partial<Record<StageKey, StageWork>> = {};

export function registerStageWork(stage: StageKey, work: StageWork): void {
  stageWork[stage] = work;
}

export async function doStageWork(t: TestApp, slug: string, stage: StageKey): Promise<void> {
  await stageWork[stage]?.(t, slug);
}
