// The catalogue: the one place an exercise is registered. `sockgrade list`, `grade`, the tests
// and the bench all read it, so an exercise exists everywhere or nowhere.
import { ExerciseDefinitionError, type Exercise } from './schema.js';
import { echo } from './echo.js';
import { echoLoop } from './echo-loop.js';
import { ack } from './ack.js';
import { greet } from './greet.js';
import { timeChat } from './time-chat.js';
import { udpHello } from './udp-hello.js';
import { udpEcho } from './udp-echo.js';
import { fileTransfer } from './file-transfer.js';
import { threadEcho } from './thread-echo.js';
import { threadingMenu } from './threading-menu.js';
import { login } from './login.js';
import { web } from './web.js';
import { oneShotChat } from './one-shot-chat.js';

function createCatalogue(list: readonly Exercise[]): readonly Exercise[] {
  const seen = new Set<string>();
  for (const exercise of list) {
    if (seen.has(exercise.id)) throw new ExerciseDefinitionError(`two exercises have the id ${exercise.id}`);
    seen.add(exercise.id);
  }
  return Object.freeze([...list]);
}

export const builtInExercises: readonly Exercise[] = createCatalogue([echo, echoLoop, ack, greet, timeChat, udpHello, udpEcho, fileTransfer, threadEcho, threadingMenu, login, web, oneShotChat]);

/** Every exercise this process knows: the built-in ones, then a course's own (registerExercises). A live binding. */
export let exercises: readonly Exercise[] = builtInExercises;

/**
 * Adds a course's own exercises (loaded through the assignment config) to the catalogue, for
 * every command of this process. An id already taken by another exercise is refused: a course
 * cannot silently replace a built-in exercise. Registering the same exercise twice changes nothing.
 */
export function registerExercises(list: readonly Exercise[]): void {
  // The very same exercise again (a module imported twice is one module) is already there.
  exercises = createCatalogue([...exercises, ...list.filter((e) => !exercises.includes(e))]);
}

export function findExercise(id: string): Exercise | undefined {
  return exercises.find((e) => e.id === id);
}

export { checksOf, hasPairChecks, type CheckSelection } from './schema.js';
