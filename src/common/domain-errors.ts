import { Blocker } from '../../workflows';

/** Errors the domain raises; DomainExceptionFilter maps each kind to one HTTP status. */
export abstract class DomainError extends Error {
  abstract readonly kind: 'not-found' | 'invalid' | 'refused' | 'conflict' | 'forbidden' | 'unauthorized' | 'too-many' | 'gone' | 'unavailable';
  constructor(
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
  body(): Record<string, unknown> {
    return { error: this.error, message: this.message };
  }
  /** Response headers that go with the error (e.g. Retry-After). */
  headers(): Record<string, string> {
    return {};
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

/** No valid sign-in: missing, malformed, forged or expired token, or wrong credentials. */
export class UnauthorizedError extends DomainError {
  readonly kind = 'unauthorized';
  constructor(message = 'Sign in first: this needs a valid bearer token.') {
    super('Unauthorized', message);
  }
  override headers() {
    return { 'WWW-Authenticate': 'Bearer' };
  }
}

/** Signed in, but the caller's role or relation to the project does not allow this. */
export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
  constructor(message: string) {
    super('Forbidden', message);
  }
}

export class TooManyRequestsError extends DomainError {
  readonly kind = 'too-many';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('TooManyRequests', message);
  }
  override body() {
    return { ...super.body(), retryAfterSeconds: this.retryAfterSeconds };
  }
  override headers() {
    return { 'Retry-After': String(this.retryAfterSeconds) };
  }
}

/** A link that worked once and no longer does (used or expired): 410, so the page can say why. */
export class GoneError extends DomainError {
  readonly kind = 'gone';
  constructor(error: string, message: string) {
    super(error, message);
  }
}

/**
 * The service cannot take the command now (503 with Retry-After): too many commands wait already
 * (`Overloaded`), or the shared COMMIT of the command's batch failed (`CommitFailed`). Nothing of
 * the command was kept; the client may send it again.
 */
export class ServiceUnavailableError extends DomainError {
  readonly kind = 'unavailable';
  constructor(
    error: 'Overloaded' | 'CommitFailed',
    message: string,
    readonly retryAfterSeconds = 1,
  ) {
    super(error, message);
  }
  override body() {
    return { ...super.body(), retryAfterSeconds: this.retryAfterSeconds };
  }
  override headers() {
    return { 'Retry-After': String(this.retryAfterSeconds) };
  }
}
