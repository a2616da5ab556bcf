import { Injectable, PipeTransform } from '@nestjs/common';
import { InvalidInputError } from '../common/domain-errors';
import { findRegister, REGISTER_NAMES, RegisterDefinition } from './register-catalogue';

/** Path parameter `:register`: one of the register names (kebab-case plurals). */
@Injectable()
export class ParseRegisterPipe implements PipeTransform<string, RegisterDefinition> {
  transform(value: string): RegisterDefinition {
    const def = findRegister(value);
    if (!def) {
      throw new InvalidInputError('Unknown register.', [{ field: 'register', message: `"${value}" is not a register; registers: ${REGISTER_NAMES.join(', ')}` }]);
    }
    return def;
  }
}
