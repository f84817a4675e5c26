// Half of the catalogue-wide tests (test/helpers/catalogue-tests.ts): the exercises at odd positions.
import { describeCatalogue } from '../helpers/catalogue-tests.js';

await describeCatalogue(1, 2);
