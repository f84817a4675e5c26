// A third of the catalogue-wide tests (test/helpers/catalogue-tests.ts): the exercises at positions 0, 3, 6…
import { describeCatalogue } from '../helpers/catalogue-tests.js';

await describeCatalogue(0, 3);
