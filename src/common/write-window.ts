import { Blocker, WriteRequest, writeWindowBlockers } from '../../workflows';
import { CommandRefusedError } from './domain-errors';

/** Throws the write-window refusal (409 with its one blocker) when the change may not happen now. */
export function assertMayWrite(request: WriteRequest): void {
  refuseIfAny(writeWindowBlockers(request));
}

/** Refuses with the first blocker's message as the answer's message and every blocker listed. */
export function refuseIfAny(blockers: Blocker[]): void {
  if (blockers.length > 0) throw new CommandRefusedError(blockers[0].message, blockers);
}
