import { InitialSchema1763850000000 } from './1763850000000-InitialSchema';
import { RegisterRecords1763850001000 } from './1763850001000-RegisterRecords';
import { People1763850002000 } from './1763850002000-People';
import { Stage61763850003000 } from './1763850003000-Stage6';
import { RegisterSettings1763850004000 } from './1763850004000-RegisterSettings';
import { RecordedRegisteredPopulation1763850005000 } from './1763850005000-RecordedRegisteredPopulation';
import { StagePlans1763850006000 } from './1763850006000-StagePlans';
import { CredentialsVersion1763850007000 } from './1763850007000-CredentialsVersion';
import { HistoryRequestId1764000200000 } from './1764000200000-HistoryRequestId';
import { SessionsAndSignInThrottle1764000300000 } from './1764000300000-SessionsAndSignInThrottle';
import { HistoryChain1764000500000 } from './1764000500000-HistoryChain';
import { HistoryCheckpoints1764000501000 } from './1764000501000-HistoryCheckpoints';
import { AuditLog1764000502000 } from './1764000502000-AuditLog';
import { ProjectPublished1764000900000 } from './1764000900000-ProjectPublished';
import { Outbox1764001000000 } from './1764001000000-Outbox';
import { ProjectSummary1765300000000 } from './1765300000000-ProjectSummary';
import { HistoryReopenedIndex1765300001000 } from './1765300001000-HistoryReopenedIndex';
import { Notifications1765400000000 } from './1765400000000-Notifications';
import { Attachments1765500000000 } from './1765500000000-Attachments';
import { Collaboration1765600000000 } from './1765600000000-Collaboration';

/** Every migration, in order. New ones are appended here. */
export const MIGRATIONS = [
  InitialSchema1763850000000,
  RegisterRecords1763850001000,
  People1763850002000,
  Stage61763850003000,
  RegisterSettings1763850004000,
  RecordedRegisteredPopulation1763850005000,
  StagePlans1763850006000,
  CredentialsVersion1763850007000,
  HistoryRequestId1764000200000,
  SessionsAndSignInThrottle1764000300000,
  HistoryChain1764000500000,
  HistoryCheckpoints1764000501000,
  AuditLog1764000502000,
  ProjectPublished1764000900000,
  Outbox1764001000000,
  ProjectSummary1765300000000,
  HistoryReopenedIndex1765300001000,
  Notifications1765400000000,
  Attachments1765500000000,
  Collaboration1765600000000,
];
