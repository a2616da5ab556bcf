import { Blocker } from '../../workflows';

/** Errors the domain raises; DomainExceptionFilter maps each kind to one HTTP status. */
export abstract class DomainError extends Error {
  abstract readonly kind: 'not-found' | 'invalid' | 'refused' | 'conflict' | 'forbidden' | 'unauthorized' | 'too-many';
  constructor(
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
  body(): Record<string, unknown> {
    return { error: this.error, message: this.message };
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'not-found';
  constructor(what: string, key: string) {
    super('NotFound', `${what} "${key}" was not found.`);
  }
}

export interface FieldMessage {
  field: string;
  message: string;
}

export class InvalidInputError extends DomainError {
  readonly kind = 'invalid';
  constructor(
    message: string,
    readonly fields: FieldMessage[] = [],
  ) {
    super('ValidationFailed', message);
  }
  override body() {
    return { ...super.body(), fields: this.fields };
  }
}

/** A command the workflow refuses: the blockers say what is unmet. */
export class CommandRefusedError extends DomainError {
  readonly kind = 'refused';
  constructor(
    message: string,
    readonly blockers: Blocker[],
    error = 'CommandRefused',
  ) {
    super(error, message);
  }
  override body() {
    return { ...super.body(), blockers: this.blockers };
  }
}

export class VersionConflictError extends CommandRefusedError {
  constructor(expected: number, actual: number) {
    super(
      `The project is at version ${actual}, not ${expected}: someone else changed it first. Reload and try again.`,
      [{ code: 'VERSION_CONFLICT', message: `Expected version ${expected}, found ${actual}.` }],
      'VersionConflict',
    );
  }
}

export class ConflictError extends DomainError {
  readonly kind = 'conflict';
  constructor(
    error: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(error, message);
  }
  override body() {
    return { ...super.body(), ...this.details };
  }
}
