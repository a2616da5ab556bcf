import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '../auth/access.decorators';

/** A pending invitation; the link's token is stored only as its SHA-256 hash. */
@Entity('invitation')
export class InvitationEntity {
  @PrimaryColumn('varchar', { length: 36 })
  id: string;

  @Column('varchar', { length: 64, unique: true })
  tokenHash: string;

  @Column('varchar', { length: 254 })
  email: string;

  @Column('varchar', { length: 200 })
  name: string;

  @Column('varchar', { length: 30 })
  role: Role;

  @Column('varchar', { length: 100, nullable: true })
  projectSlug: string | null;

  @Column('varchar', { length: 40, nullable: true, name: 'groupKey' })
  group: string | null;

  /** The group member's details (organisation, type, role in the group), as JSON. */
  @Column('simple-json', { nullable: true })
  member: { organisation: string; organisationType: string; roleInGroup: string } | null;

  @Column('varchar', { length: 36 })
  invitedById: string;

  @Column('varchar', { length: 200 })
  invitedByName: string;

  @Column('varchar', { length: 32 })
  createdAt: string;

  @Column('varchar', { length: 32 })
  expiresAt: string;

  @Column('varchar', { length: 32, nullable: true })
  acceptedAt: string | null;

  @Column('varchar', { length: 36, nullable: true })
  userId: string | null;
}

/** A password-reset link; only the token's SHA-256 hash is kept. */
@Entity('password_reset')
export class PasswordResetEntity {
  @PrimaryColumn('varchar', { length: 64 })
  tokenHash: string;

  @Column('varchar', { length: 36 })
  userId: string;

  @Column('varchar', { length: 32 })
  createdAt: string;

  @Column('varchar', { length: 32 })
  expiresAt: string;

  @Column('varchar', { length: 32, nullable: true })
  usedAt: string | null;
}
