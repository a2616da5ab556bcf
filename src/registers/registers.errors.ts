import { Blocker } from '../../workflows';
import { CsvImportError, LinkRef } from '../../workflows/registers';
import { CommandRefusedError, DomainError } from '../common/domain-errors';

/** A record others link to cannot be deleted (or replaced away by an import): 409 naming the links. */
export class RecordInUseError extends CommandRefusedError {
  constructor(
    message: string,
    blockers: Blocker[],
    readonly links: (LinkRef & { target: string })[],
  ) {
    super(message, blockers, 'RecordInUse');
  }
  override body() {
    return { ...super.body(), links: this.links };
  }
}

/**
 * A CSV import with bad rows: 400 naming each row, line, column and problem (at most
 * MAX_CSV_ERRORS; `moreProblems` counts the rest, null when checking stopped early); nothing imported.
 */
export class CsvImportFailedError extends DomainError {
  readonly kind = 'invalid';
  constructor(
    message: string,
    readonly rows: CsvImportError[],
    readonly moreProblems: number | null = 0,
  ) {
    super('ValidationFailed', message);
  }
  override body() {
    return { error: this.error, message: this.message, rows: this.rows, moreProblems: this.moreProblems };
  }
}
