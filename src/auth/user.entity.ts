import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from './access.decorators';

/** A person who signs in. The table is `app_user` because `user` is reserved in PostgreSQL. */
@Entity('app_user')
export class UserEntity {
  @PrimaryColumn('varchar', { length: 36 })
  id: string;

  /** Stored lower-cased, so sign-in and uniqueness ignore case. */
  @Column('varchar', { length: 254, unique: true })
  email: string;

  @Column('varchar', { length: 200 })
  name: string;

  @Column('varchar', { length: 30 })
  role: Role;

  /** scrypt hash naming its own parameters; never the password itself. */
  @Column('varchar', { length: 300 })
  passwordHash: string;

  /** An inactive user cannot sign in, and tokens already issued stop working. */
  @Column('boolean')
  active: boolean;

  @Column('varchar', { length: 32 })
  createdAt: string;

  /** Bumped when the password changes, so tokens issued before stop working. */
  @Column('integer', { default: 1 })
  credentialsVersion: number;
}
