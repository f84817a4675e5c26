// Half of the catalogue-wide tests (test/helpers/catalogue-tests.ts): the exercises at even positions.
import { describeCatalogue } from '../helpers/catalogue-tests.js';

await describeCatalogue(0, 2);
