import { EntityManager } from 'typeorm';
import { BoardReviewRound } from '../../workflows/board';
import { currentDecisions, pendingReviewers } from '../../workflows/people';
import { PeopleRepository, toDecision, toRound } from '../people/people.repository';
import { ReviewRoundEntity } from '../people/review-round.entity';

/** The latest round of each stage, with who is still to decide and who asks for changes. */
export async function latestReviewRounds(people: PeopleRepository, manager: EntityManager, projectId: string): Promise<BoardReviewRound[]> {
  const rows = await manager.find(ReviewRoundEntity, { where: { projectId }, order: { round: 'ASC' } });
  const latest = new Map<string, ReviewRoundEntity>();
  for (const r of rows) latest.set(r.stage, r);
  if (latest.size === 0) return [];
  const rounds = [...latest.values()];
  const decisions = (await people.decisions(manager, rounds.map((r) => r.id))).map((d) => ({ ...toDecision(d), roundId: d.roundId }));
  const reviewers = rounds.some((r) => r.outcome === 'open') ? await people.reviewers(manager, await people.members(manager, projectId)) : [];
  return rounds.map((r) => {
    const mine = decisions.filter((d) => d.roundId === r.id);
    return {
      stage: r.stage,
      round: r.round,
      openedAt: r.openedAt,
      outcome: r.outcome,
      pendingReviewers: pendingReviewers(toRound(r), reviewers, mine).map((x) => x.name),
      changesRequestedBy: currentDecisions(mine).filter((d) => d.decision === 'request-changes').map((d) => d.reviewerName),
    };
  });
}
