import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import type { GroupKey, OrganisationType } from '../../workflows/people';

/** A member of one of a project's three stage-1 groups; `userId` when they can sign in (and review). */
@Entity('group_member')
@Unique('uq_group_member_user', ['projectId', 'group', 'userId'])
@Index('ix_group_member_project', ['projectId'])
export class GroupMemberEntity {
  @PrimaryColumn('varchar', { length: 36 })
  id: string;

  @Column('varchar', { length: 36 })
  projectId: string;

  /** Column `groupKey`: GROUP is an SQL keyword. */
  @Column('varchar', { length: 40, name: 'groupKey' })
  group: GroupKey;

  @Column('varchar', { length: 200 })
  name: string;

  @Column('varchar', { length: 200 })
  organisation: string;

  @Column('varchar', { length: 40 })
  organisationType: OrganisationType;

  @Column('varchar', { length: 200 })
  roleInGroup: string;

  @Column('boolean')
  isLead: boolean;

  @Column('varchar', { length: 36, nullable: true })
  userId: string | null;

  @Column('varchar', { length: 32 })
  createdAt: string;

  @Column('varchar', { length: 32 })
  updatedAt: string;
}
