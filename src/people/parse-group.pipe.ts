import { Injectable, PipeTransform } from '@nestjs/common';
import { GROUP_KEYS, GroupKey, isGroupKey } from '../../workflows/people';
import { InvalidInputError } from '../common/domain-errors';

/** Path parameter `:group`: one of the three stage-1 groups. */
@Injectable()
export class ParseGroupPipe implements PipeTransform<string, GroupKey> {
  transform(value: string): GroupKey {
    if (!isGroupKey(value)) {
      throw new InvalidInputError('Unknown group.', [{ field: 'group', message: `group must be one of: ${GROUP_KEYS.join(', ')}` }]);
    }
    return value;
  }
}
