import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { stageDefinition } from '../../workflows';
import { isGroupKey } from '../../workflows/people';
import { BoardService } from '../board/board.service';
import { actorOf } from '../auth/current-user';
import { BoardDecisionsService } from '../collaboration/board-decisions.service';
import { DiscussionService } from '../collaboration/discussion.service';
import { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { ProjectEntity } from '../projects/project.entity';
import { ProjectsService } from '../projects/projects.service';
import { WorkflowService } from '../projects/workflow.service';
import { RegistersService } from '../registers/registers.service';
import { DemoPeople } from './demo-people';
import { loadWantagePlans } from './wantage-plans';
import { loadWantageRegisters } from './wantage-registers';

/**
 * Loads the demo projects into a new, empty database through the same commands a programme
 * manager would issue, so their history is real: Wantage (stage 1 approved, stages 2-4 under
 * way) and Banbury (at the start of stage 1). The whole load is one transaction: a crash part
 * way leaves an empty database, and the next start loads it all again.
 */
@Injectable()
export class DemoDataService implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoData');

  constructor(
    private readonly config: AppConfig,
    private readonly transactions: TransactionRunner,
    private readonly projects: ProjectsService,
    private readonly workflow: WorkflowService,
    private readonly registers: RegistersService,
    private readonly people: DemoPeople,
    private readonly board: BoardService,
    private readonly discussion: DiscussionService,
    private readonly boardDecisions: BoardDecisionsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoData) return;
    const loaded = await this.transactions.atomically(async () => {
      // inside the transaction: a database with any project was loaded (or is in use) already
      if ((await this.transactions.read((m) => m.count(ProjectEntity))) > 0) return false;
      await this.load();
      return true;
    });
    if (loaded) this.logger.log('Loaded demo data: projects "wantage" and "banbury"');
  }

  async load(): Promise<void> {
    // one user per role; the programme manager runs both projects and issues their commands
    const users = await this.people.createUsers();
    const pm = users.pm;
    await this.projects.create(
      {
        name: 'Wantage and surrounding villages',
        slug: 'wantage',
        scope: 'town',
        area: 'Wantage, Grove and the surrounding villages (the OX12 postcode area), Vale of White Horse',
        districts: ['Vale of White Horse'],
        pcns: ['wantage'],
      },
      pm,
    );
    const stage1 = stageDefinition('planning-and-codesign');
    const stage1Evidence: Record<string, string> = {
      'codesign-approach': 'Approach co-designed with the OX12 community partnership at two workshops; notes on the programme site.',
      'confirm-scope': 'Scope confirmed as Wantage, Grove and surrounding villages (OX12), informed by the JSNA and the Vale community profile.',
      'involvement-strategy': 'Involvement strategy and communications plan published on the CCG engagement site.',
      'community-kick-off': 'Community kick-off event held at the Beacon, Wantage; 120 attendees; write-up published.',
    };
    // the three groups are established by their members, not ticked
    await this.people.formGroups('wantage', 'wantage', users, pm);
    for (const d of stage1.deliverables.filter((x) => !isGroupKey(x.key))) {
      await this.workflow.updateDeliverable('wantage', stage1.key, d.key, { status: 'done', evidence: stage1Evidence[d.key] }, undefined, pm);
    }
    await this.workflow.applyEvent('wantage', { type: 'SUBMIT_FOR_REVIEW', stage: stage1.key }, undefined, pm);
    await this.people.reviewersApprove('wantage', stage1.key, users);
    await this.workflow.applyEvent('wantage', { type: 'APPROVE_STAGE', stage: stage1.key }, undefined, pm);
    // the board notes the approved stage 1 at its meeting; the stage 2 thread has a question and its answer
    await this.boardDecisions.record(
      'wantage',
      'stage',
      stage1.key,
      { decision: 'approved', meetingDate: '2019-11-14', minuteReference: 'ISDB 2019/42', note: 'Stage 1 outputs endorsed; stages 2 to 4 to run side by side.' },
      actorOf(users.board),
    );
    const question = await this.discussion.add(
      'wantage',
      'population-health-and-care-needs',
      { text: 'Will the needs analysis count the Grove Airfield and Crab Hill housing separately? Healthwatch members keep asking about GP capacity for the new estates.' },
      actorOf(users.stakeholder),
    );
    await this.discussion.add(
      'wantage',
      'population-health-and-care-needs',
      { text: 'Yes: the projections register has a row per development, with the 2031 population from the district council.', replyTo: question.post.id },
      pm,
    );
    await this.workflow.updateDeliverable(
      'wantage',
      'population-health-and-care-needs',
      'build-on-existing-work',
      { status: 'done', evidence: 'JSNA 2019 and the OX12 community profile reviewed; summary in the needs pack, section 2.' },
      undefined,
      pm,
    );
    await this.workflow.updateDeliverable(
      'wantage',
      'review-of-services-and-assets',
      'review-team',
      { status: 'done', evidence: 'Review led by the CCG estates team with Oxford Health and the Vale district council.' },
      undefined,
      pm,
    );
    // stage 2-4 deliverables the registers prove are derived from the records, not ticked
    await loadWantageRegisters(this.registers, pm);
    // target dates for stages 2-4, one of them already passed: the board's highlight has something to say
    await loadWantagePlans(this.board, pm);

    await this.projects.create(
      {
        name: 'Banbury and surrounding area',
        slug: 'banbury',
        scope: 'locality',
        area: 'Banbury and the surrounding area, including the strategic vision for the Horton General Hospital',
        districts: ['Cherwell'],
        pcns: ['banbury-town'],
      },
      pm,
    );
    await this.people.formGroups('banbury', 'banbury', users, pm);
  }
}
