import { Clock } from '../common/clock';
import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { GROUP_LABELS, GroupKey, OrganisationType, validateMember } from '../../workflows/people';
import { Role } from '../auth/access.decorators';
import { hashPassword, passwordPolicyErrors } from '../auth/crypto';
import { AuthUser } from '../auth/current-user';
import { UserEntity } from '../auth/user.entity';
import { normaliseEmail, UsersService, userView, UserView } from '../auth/users.service';
import { ConflictError, ForbiddenError, GoneError, InvalidInputError, NotFoundError } from '../common/domain-errors';
import { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { renderEmail } from '../mail/email-template';
import { OutboxService } from '../outbox/outbox.service';
import { GroupsService } from '../people/groups.service';
import { ProjectEntity } from '../projects/project.entity';
import { InvitationEntity } from './account-token.entities';
import { CreateInvitationDto } from './dto';
import { hashLinkToken, LINK_TOKEN, newLinkToken } from './link-tokens';

export const INVITATION_DAYS = 7;

const ROLE_WORDS: Record<Role, string> = {
  admin: 'an administrator',
  'programme-manager': 'a programme manager',
  stakeholder: 'a stakeholder',
  auditor: 'an auditor',
  'board-member': 'a member of the Integrated System Delivery Board',
};

export interface InvitationView {
  id: string;
  email: string;
  name: string;
  role: Role;
  projectSlug: string | null;
  group: string | null;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
}

const view = (i: InvitationEntity): InvitationView => ({
  id: i.id,
  email: i.email,
  name: i.name,
  role: i.role,
  projectSlug: i.projectSlug,
  group: i.group,
  invitedBy: i.invitedByName,
  createdAt: i.createdAt,
  expiresAt: i.expiresAt,
});

/** Checks the password before the slow hash; one plain message, like every other place a password is set. */
export function checkNewPassword(password: unknown, context: { email: string; name: string }): void {
  const [problem] = passwordPolicyErrors(password, context);
  if (problem) throw new InvalidInputError('The password is not acceptable.', [{ field: 'password', message: problem }]);
}

/**
 * Invitations: an admin (or a programme manager, for a group of a project they run) names a
 * person and a role; the person gets a single-use link and sets their own password. Nobody else
 * ever sees or sets it.
 */
@Injectable()
export class InvitationsService {
  private readonly logger = new Logger('Invitations');

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly outbox: OutboxService,
    private readonly users: UsersService,
    private readonly groups: GroupsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async invite(dto: CreateInvitationDto, caller: AuthUser): Promise<InvitationView> {
    const email = normaliseEmail(dto.email);
    const name = dto.name.trim();
    if ((dto.projectSlug === undefined) !== (dto.group === undefined)) {
      throw new InvalidInputError('A group invitation names both the project and the group.', [
        { field: dto.group === undefined ? 'group' : 'projectSlug', message: 'projectSlug and group go together; give both or neither' },
      ]);
    }
    const member = dto.group ? { organisation: dto.organisation?.trim() ?? '', organisationType: dto.organisationType ?? '', roleInGroup: dto.roleInGroup?.trim() ?? '' } : null;
    if (member) {
      const errors = validateMember({ name, ...member });
      if (errors.length > 0) throw new InvalidInputError('The group member has invalid fields.', errors);
      if (dto.role !== 'stakeholder') {
        throw new InvalidInputError('Group members who sign in are stakeholders.', [{ field: 'role', message: 'role must be stakeholder for a group invitation' }]);
      }
    }
    if (caller.role === 'programme-manager' && (!dto.group || dto.role !== 'stakeholder')) {
      throw new ForbiddenError('A programme manager invites stakeholders into a group of a project they run; ask an admin for other accounts.');
    }
    const { token, hash } = newLinkToken();
    const now = this.clock.now();
    return this.transactions.write(async (manager) => {
      let project: ProjectEntity | null = null;
      if (dto.projectSlug) {
        project = await manager.findOne(ProjectEntity, { where: { slug: dto.projectSlug } });
        if (!project) throw new NotFoundError('Project', dto.projectSlug);
        if (caller.role === 'programme-manager' && project.managerUserId !== caller.id) {
          throw new ForbiddenError(`You do not run the project "${project.slug}"; only its programme manager or an admin can invite people into its groups.`);
        }
      }
      if (await manager.exists(UserEntity, { where: { email } })) {
        throw new ConflictError('EmailTaken', `There is already an account for ${email}; add it to the group instead of inviting.`);
      }
      const invitation = await manager.save(InvitationEntity, {
        id: randomUUID(),
        tokenHash: hash,
        email,
        name,
        role: dto.role,
        projectSlug: project?.slug ?? null,
        group: dto.group ?? null,
        member,
        invitedById: caller.id,
        invitedByName: caller.name,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + INVITATION_DAYS * 24 * 3600 * 1000).toISOString(),
        acceptedAt: null,
        userId: null,
      });
      await this.outbox.enqueue(manager, this.invitationEmail(invitation, token, project), now);
      this.logger.log(`${caller.email} invited ${email} as ${dto.role}${project ? ` to the ${dto.group} of ${project.slug}` : ''}`);
      return view(invitation);
    });
  }

  private invitationEmail(invitation: InvitationEntity, token: string, project: ProjectEntity | null) {
    const where = project && invitation.group ? ` to join the ${GROUP_LABELS[invitation.group as GroupKey].toLowerCase()} of the project "${project.name}"` : '';
    const summary = `${invitation.invitedByName} invited you${where} as ${ROLE_WORDS[invitation.role]}.`;
    const message = renderEmail({
      to: invitation.email,
      subject: project ? `You are invited to join "${project.name}"` : 'You are invited to population health planning',
      greeting: `Dear ${invitation.name},`,
      paragraphs: [
        `${invitation.invitedByName} has invited you${where} on the population health planning service, as ${ROLE_WORDS[invitation.role]}.`,
        project
          ? 'The project brings local people and organisations together to plan health and care for the area. As a member you can read its work and give your views when a stage is ready for review.'
          : 'The service is where local health and care projects are planned together.',
        'To accept, open the link below and choose your own password. Nobody else will see it.',
      ],
      action: { label: 'Accept the invitation and choose a password', url: `${this.config.publicBaseUrl}/invitations/${token}` },
      after: [
        `The link works once and lasts ${INVITATION_DAYS} days. If it has expired, ask ${invitation.invitedByName} to invite you again.`,
        'If you were not expecting this email, you can ignore it: no account is made unless you accept.',
      ],
    });
    return { ...message, kind: 'invitation', summary, projectSlug: project?.slug ?? null };
  }

  /** The invitation a link stands for, if it can still be accepted (for the page before the form). */
  async describe(token: string): Promise<InvitationView> {
    return this.transactions.read((m) => this.usable(m, token)).then(view);
  }

  async accept(token: string, password: unknown): Promise<{ user: UserView }> {
    const invitation = await this.transactions.read((m) => this.usable(m, token));
    checkNewPassword(password, { email: invitation.email, name: invitation.name });
    const passwordHash = await hashPassword(password as string);
    const now = this.clock.iso();
    // Claims the invitation and makes the account in one transaction: a second use finds it taken.
    const createAccount = async (manager: EntityManager): Promise<string> => {
      const claimed = await manager.update(InvitationEntity, { tokenHash: invitation.tokenHash, acceptedAt: IsNull() }, { acceptedAt: now });
      if (claimed.affected !== 1) throw gone('InvitationUsed', 'This invitation has already been accepted. Sign in with the password you chose, or reset it.');
      // the audit log names who invited them: nobody but the person chose the password
      const actor = { id: invitation.invitedById, name: `${invitation.invitedByName} (invitation accepted by ${invitation.name})` };
      const user = await this.users.insertIn(manager, { email: invitation.email, name: invitation.name, role: invitation.role, passwordHash }, actor);
      await manager.update(InvitationEntity, { id: invitation.id }, { userId: user.id });
      return user.id;
    };
    let userId: string;
    if (invitation.projectSlug && invitation.group && invitation.member) {
      // joining the group is a project command: recorded in the project's history with the account creation
      const done = await this.groups.add(
        invitation.projectSlug,
        invitation.group as GroupKey,
        { name: invitation.name, organisation: invitation.member.organisation, organisationType: invitation.member.organisationType as OrganisationType, roleInGroup: invitation.member.roleInGroup },
        { id: invitation.invitedById, name: `${invitation.invitedByName} (invitation accepted by ${invitation.name})`, role: 'programme-manager' },
        createAccount,
      );
      userId = done.member.userId!;
    } else {
      userId = await this.transactions.write(createAccount);
    }
    const user = await this.users.findById(userId);
    this.logger.log(`Account ${invitation.email} (${invitation.role}) created by accepting the invitation from ${invitation.invitedByName}`);
    return { user: userView(user!) };
  }

  private async usable(manager: EntityManager, token: string): Promise<InvitationEntity> {
    const row = LINK_TOKEN.test(token) ? await manager.findOne(InvitationEntity, { where: { tokenHash: hashLinkToken(token) } }) : null;
    if (!row) throw new NotFoundError('Invitation', 'from this link');
    if (row.acceptedAt) throw gone('InvitationUsed', 'This invitation has already been accepted. Sign in with the password you chose, or reset it.');
    if (Date.parse(row.expiresAt) <= this.clock.now().getTime()) {
      throw gone('InvitationExpired', `This invitation expired on ${row.expiresAt.slice(0, 10)}. Ask ${row.invitedByName} to invite you again.`);
    }
    return row;
  }
}

function gone(error: string, message: string): GoneError {
  return new GoneError(error, message);
}
