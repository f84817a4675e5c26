// A third of the catalogue-wide tests (test/helpers/catalogue-tests.ts): the exercises at positions 2, 5, 8…
import { describeCatalogue } from '../helpers/catalogue-tests.js';

await describeCatalogue(2, 3);
