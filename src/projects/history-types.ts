import { EVENT } from '../../workflows/events';

/** History types added by the accountability rules, now in the event catalogue. */
export const STAGE_REOPENED = EVENT.STAGE_REOPENED;
