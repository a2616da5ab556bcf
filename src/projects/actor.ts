/** Who issued a command; recorded on every history entry. */
export interface Actor {
  id: string | null;
  name: string;
}

/** Commands the service issues on its own behalf (demo data). */
export const SYSTEM_ACTOR: Actor = { id: null, name: 'system' };
