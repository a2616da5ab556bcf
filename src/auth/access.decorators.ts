import { SetMetadata } from '@nestjs/common';

/**
 * Who may call an endpoint, declared where the endpoint is declared. The guards in the auth
 * module read this metadata; nothing else in the application checks roles.
 */
export type Role = 'admin' | 'programme-manager' | 'stakeholder' | 'auditor' | 'board-member';
export const ROLES: readonly Role[] = ['admin', 'programme-manager', 'stakeholder', 'auditor', 'board-member'];

/**
 * What the caller must be to a project named by the route's `:slug`:
 * - read: anyone on the project (its programme manager, a member of its groups), or an auditor
 * - manage: the programme manager assigned to the project
 * - review: a member with an account of its stakeholder or clinical/professional group
 * - contribute: anyone on the project (comments); auditors only read
 * - discuss: a stage's discussion: anyone on the project, and admins; not auditors or board members
 * - board: the board's own decisions: board members and admins
 */
export type ProjectAccessLevel = 'read' | 'manage' | 'review' | 'contribute' | 'discuss' | 'board';

export const PUBLIC_KEY = 'auth:public';
export const ROLES_KEY = 'auth:roles';
export const PROJECT_ACCESS_KEY = 'auth:project-access';
export const OWN_SESSION_KEY = 'auth:own-session';
export const OWN_CHOICE_KEY = 'auth:own-choice';

export const SESSION_AUTH_KEY = 'auth:session';

/**
 * Web pages: the caller signs in with the encrypted session cookie of the sign-in page, not a
 * bearer token. The same account checks and access rules apply (see AuthenticationGuard).
 */
export const SessionAuth = () => SetMetadata(SESSION_AUTH_KEY, true);

/** No sign-in needed (health, framework, PCN list, docs, sign-in itself). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Only these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** The caller's relation to the project in `:slug`. */
export const ProjectAccess = (level: ProjectAccessLevel) => SetMetadata(PROJECT_ACCESS_KEY, level);

/** Acts only on the caller's own session (sign-out): any signed-in user, auditors included. */
export const OwnSession = () => SetMetadata(OWN_SESSION_KEY, true);

/**
 * Changes only the caller's own choices about something they may read (following a project):
 * auditors may call it too. The endpoint still declares its @ProjectAccess, which applies in full.
 */
export const OwnChoice = () => SetMetadata(OWN_CHOICE_KEY, true);
