/** History types added by the accountability rules (kept together so the event catalogue can absorb them). */
export const STAGE_REOPENED = 'STAGE_REOPENED';
