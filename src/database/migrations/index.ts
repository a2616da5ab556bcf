import { InitialSchema1763850000000 } from './1763850000000-InitialSchema';

/** Every migration, in order. New ones are appended here. */
export const MIGRATIONS = [InitialSchema1763850000000];
