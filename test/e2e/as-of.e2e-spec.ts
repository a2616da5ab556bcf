import { asOfSuite } from './support/as-of-suite';

asOfSuite('SQLite', {});
