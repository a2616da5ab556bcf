import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldMessage, InvalidInputError } from './domain-errors';

/**
 * The deepest nesting of arrays and objects a request may carry. The deepest document the API
 * takes (a business case's lines) is 4 levels; class-transformer and class-validator recurse, so
 * a body nested thousands deep would overflow the stack before validation could refuse it.
 */
export const MAX_INPUT_DEPTH = 16;

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Flatten class-validator's nested errors into `field.path: message` pairs. */
export function fieldMessages(errors: ValidationError[], prefix = ''): FieldMessage[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldMessages(e.children ?? [], field)];
  });
}

export interface CheckedInput {
  /** The input with every whitespace-only string replaced by null. */
  value: unknown;
  /** Paths of the strings that were blank (they count as missing). */
  blank: Set<string>;
}

/**
 * Checks a request body, query or path value before anything recursive touches it, without
 * recursing itself: nesting deeper than MAX_INPUT_DEPTH and text that is not well-formed Unicode
 * (a lone surrogate cannot be stored or compared faithfully) are refused. Text that is only
 * whitespace counts as missing everywhere, so it becomes null (a query parameter is left out, so
 * its default applies): optional fields read it as absent, required fields refuse it.
 */
export function checkInput(input: unknown, source = 'body'): CheckedInput {
  const blank = new Set<string>();
  const isBlankText = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.trim() === '';
  const checkText = (v: string, path: string) => {
    if (LONE_SURROGATE.test(v)) {
      throw new InvalidInputError('The request has invalid fields.', [
        { field: path || source, message: `${path || source} must be valid Unicode text (it contains a lone surrogate character)` },
      ]);
    }
  };
  if (typeof input === 'string') {
    checkText(input, '');
    return isBlankText(input) ? { value: null, blank: new Set(['']) } : { value: input, blank };
  }
  if (typeof input !== 'object' || input === null) return { value: input, blank };
  const stack: Array<{ node: Record<string, unknown>; path: string; depth: number }> = [{ node: input as Record<string, unknown>, path: '', depth: 1 }];
  while (stack.length > 0) {
    const { node, path, depth } = stack.pop()!;
    if (depth > MAX_INPUT_DEPTH) {
      throw new InvalidInputError(`The request is nested too deeply: at most ${MAX_INPUT_DEPTH} levels of objects and lists are accepted.`, [
        { field: path || source, message: `${path || source} is nested more than ${MAX_INPUT_DEPTH} levels deep` },
      ]);
    }
    for (const key of Object.keys(node)) {
      const child = node[key];
      const childPath = path ? `${path}.${key}` : key;
      checkText(key, childPath);
      if (typeof child === 'string') {
        checkText(child, childPath);
        // a password is taken exactly as typed: its own policy words the refusal of one made of spaces
        if (isBlankText(child) && !/password$/i.test(key)) {
          // a blank query parameter is simply not given (its default applies); in a body, null
          if (source === 'query' && depth === 1) delete node[key];
          else node[key] = null;
          blank.add(childPath);
        }
      } else if (typeof child === 'object' && child !== null) {
        stack.push({ node: child as Record<string, unknown>, path: childPath, depth: depth + 1 });
      }
    }
  }
  return { value: input, blank };
}

/** Blank text counts as missing: one plain message for such a field rather than "must be a string". */
function withBlankMessages(fields: FieldMessage[], blank: Set<string>): FieldMessage[] {
  const out: FieldMessage[] = [];
  const seen = new Set<string>();
  for (const f of fields) {
    if (!blank.has(f.field)) {
      out.push(f);
      continue;
    }
    if (seen.has(f.field)) continue;
    seen.add(f.field);
    // a DTO's own wording for a missing value ("reason is required: say why ...") says more than the generic one
    const own = fields.find((g) => g.field === f.field && /\brequired\b/.test(g.message));
    out.push({ field: f.field, message: own?.message ?? `${f.field} must not be blank` });
  }
  return out;
}

/** Nest's ValidationPipe, after checkInput has bounded the input's depth and made blank text missing. */
class BoundedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'body' && metadata.type !== 'query' && metadata.type !== 'param') return super.transform(value, metadata);
    const checked = checkInput(value, metadata.type === 'param' ? (metadata.data ?? 'path') : metadata.type);
    try {
      return await super.transform(checked.value, metadata);
    } catch (error) {
      if (error instanceof InvalidInputError && checked.blank.size > 0) {
        throw new InvalidInputError(error.message, withBlankMessages(error.fields, checked.blank));
      }
      throw error;
    }
  }
}

export function createValidationPipe(): ValidationPipe {
  return new BoundedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new InvalidInputError('The request has invalid fields.', fieldMessages(errors)),
  });
}
