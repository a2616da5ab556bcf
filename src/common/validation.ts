import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldMessage, InvalidInputError } from './domain-errors';

/** Flatten class-validator's nested errors into `field.path: message` pairs. */
export function fieldMessages(errors: ValidationError[], prefix = ''): FieldMessage[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldMessages(e.children ?? [], field)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new InvalidInputError('The request has invalid fields.', fieldMessages(errors)),
  });
}
