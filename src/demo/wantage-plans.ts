import { addDays } from '../../workflows/board';
import { BoardService, todayUtc } from '../board/board.service';
import { Actor } from '../projects/actor';

/**
 * Wantage's stage plans, relative to the day the demo loads so the board's picture stays the same
 * whenever it runs: stage 2 is a week late (red), stage 3 due in ten days (amber on its own),
 * stage 4 due in six weeks.
 */
export async function loadWantagePlans(board: BoardService, pm: Actor, today = todayUtc()): Promise<void> {
  await board.setPlan('wantage', 'population-health-and-care-needs', addDays(today, -7), undefined, undefined, pm);
  await board.setPlan('wantage', 'review-of-services-and-assets', addDays(today, 10), undefined, undefined, pm);
  await board.setPlan('wantage', 'innovation-and-good-practice', addDays(today, 42), undefined, undefined, pm);
}
