import { InitialSchema1763850000000 } from './1763850000000-InitialSchema';
import { RegisterRecords1763850001000 } from './1763850001000-RegisterRecords';
import { People1763850002000 } from './1763850002000-People';

/** Every migration, in order. New ones are appended here. */
export const MIGRATIONS = [InitialSchema1763850000000, RegisterRecords1763850001000, People1763850002000];
