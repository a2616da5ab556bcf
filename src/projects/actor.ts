/** Who issued a command; recorded on every history entry. */
export interface Actor {
  id: string | null;
  name: string;
}
