import { Injectable, PipeTransform } from '@nestjs/common';
import { isStageKey, StageKey } from '../../workflows';
import { InvalidInputError } from './domain-errors';

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Path parameter `:slug`: lower-case words joined by hyphens, at most 80 characters. */
@Injectable()
export class ParseSlugPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || value.length > 80 || !SLUG_PATTERN.test(value)) {
      throw new InvalidInputError('The project slug is not valid.', [
        { field: 'slug', message: 'slug must be lower-case letters and digits separated by single hyphens (at most 80 characters)' },
      ]);
    }
    return value;
  }
}

/** Path parameter `:stage`: one of the framework's stage keys. */
@Injectable()
export class ParseStagePipe implements PipeTransform<string, StageKey> {
  transform(value: string): StageKey {
    if (!isStageKey(value)) {
      throw new InvalidInputError('Unknown stage.', [{ field: 'stage', message: `stage "${value}" is not one of the framework's stage keys` }]);
    }
    return value;
  }
}
