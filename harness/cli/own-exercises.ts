// `--exercises-from MODULE`: a course's own exercises for this run, from the command line. The
// assignment config's `exerciseModules` does the same through the same loader; this flag lets an
// instructor try an exercise (and the suite test one) before any config exists.
import { loadExerciseModules } from '../course/exercise-modules.js';
import { registerExercises } from '../../exercises/index.js';

/** Loads and registers the modules (paths relative to the current folder); a bad one is an ExerciseModuleError naming it. */
export async function registerExercisesFrom(modules: readonly string[] | undefined): Promise<void> {
  if (!modules?.length) return;
  registerExercises(await loadExerciseModules(modules, process.cwd()));
}
