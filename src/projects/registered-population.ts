import { pcnPopulation } from '../../workflows';
import type { ProjectEntity } from './project.entity';

export type RegisteredPopulationSource = 'recorded' | 'pcns';

/** The denominator of the stage 2 coverage rule and the figure the project summary reports. */
export function registeredPopulationOf(project: Pick<ProjectEntity, 'pcns' | 'recordedRegisteredPopulation'>): {
  registeredPopulation: number;
  source: RegisteredPopulationSource;
} {
  if (project.recordedRegisteredPopulation !== null && project.recordedRegisteredPopulation !== undefined) {
    return { registeredPopulation: project.recordedRegisteredPopulation, source: 'recorded' };
  }
  return { registeredPopulation: pcnPopulation(project.pcns), source: 'pcns' };
}
