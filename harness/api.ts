// sockgrade's public API (`import { defineExercise, fail, t } from 'sockgrade'`): what a course
// needs to write an exercise of its own, the same things the built-in exercises are made of.
// Everything here is a promise to instructors: add freely, change only with a major version.

// An exercise and its checks.
export { defineExercise, isExercise, ExerciseDefinitionError, type Exercise, type ExerciseSpec, type RoleSpec, type ExerciseNeeds } from '../exercises/schema.js';
export { loadExerciseModules, ExerciseModuleError } from './course/exercise-modules.js';
export type { Check, CheckOutcome, Role, Tag, CheckResult, CheckStatus } from './check/types.js';
export { TAGS, ROLES } from './check/types.js';
export { fail, isCheckFailure, CheckFailure, type FailureDetails } from './check/failure.js';
export { t, render, type Text, type Lang } from './i18n/text.js';

// What a check is given: the context, and the programs and peers it starts.
export { defineBaseline, DEFAULT_TIMEOUTS, type CheckContext, type BaselineScenario, type BaselineOptions, type Timeouts, type RunningServer, type StartOptions, type RunFile, type ConnectedClient } from './check/context.js';
export type { PersistOptions } from './check/baseline-cache.js';
export type { Program, ExitInfo } from './process/program.js';
export type { Address } from './address.js';
export type { TcpPeer, Piece, PieceOptions, SendOptions, ReadOptions } from './net/tcp-peer.js';
export type { TcpListener } from './net/tcp-listener.js';
export type { UdpPeer, Datagram } from './net/udp-peer.js';
export type { RecordingProxy, WireRecord, ProxiedConnection } from './net/recording-proxy.js';
export { describeEnding } from './check/diagnose.js';
export { previewBytes, describeByteMismatch, formatPythonBytes } from './util/bytes.js';

// Shared expectations, the building blocks of the built-in checks.
export { serverStartsCheck, clientConnectsCheck, SERVER_STARTS, CLIENT_CONNECTS } from '../graders/expect/starts.js';
export { expectIdle, expectNoCrash, explainCrash, expectEnds } from '../graders/expect/process.js';
export { expectStillServing, expectNoTraceback, EXIT_GRACE_MS } from '../graders/expect/serving.js';
export { readAnswer, isOneOfWords, type Answer } from '../graders/expect/answers.js';
export { typeWhenAsked, expectEndsByItself, startReferencePair, countOccurrences, type AskOptions, type Asked, type ReferencePair } from '../graders/expect/interactive.js';
export { runPair, bytesSent, type PairRun, type PairScenario, type Side } from '../graders/expect/pairing.js';
export { showsPayload } from '../graders/expect/output.js';
export { createPayload, lazyPayload } from '../graders/expect/payload.js';

// Grading from code: what `sockgrade grade` does, for a course's own scripts and tests.
export { gradeSubmission, type GradeOptions, type GradeReport } from './check/runner.js';
export { createSubmission, type Submission } from './check/submission.js';
export { registerExercises, findExercise, exercises, builtInExercises } from '../exercises/index.js';
