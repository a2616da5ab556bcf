import type { CallerRole } from '../../workflows';

/** Who issued a command; recorded on every history entry. */
export interface Actor {
  id: string | null;
  name: string;
  /** The caller's role, for the write-window rule; absent for commands the engine issues itself. */
  role?: CallerRole;
}
