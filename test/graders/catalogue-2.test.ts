// A third of the catalogue-wide tests (test/helpers/catalogue-tests.ts): the exercises at positions 1, 4, 7…
import { describeCatalogue } from '../helpers/catalogue-tests.js';

await describeCatalogue(1, 3);
