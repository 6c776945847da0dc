// lib/exercise public API: exercise files, attempts (start, log, replay), grading. See README.md.
export { ExerciseSchema, WrongSolutionSchema, type Exercise, type WrongSolution, type Check, type Localized } from "./schema";
export { exerciseCatalogue, getExercise, listLessonExerciseIds, loadExercisesFrom, loadWrongSolution, type LoadedExercise } from "./loader";
export { drawParameters, substitute, type Params } from "./params";
export { ExerciseSession, replay, restoreSession, startSession, toLogEntry, type ClusterView, type EntryResult, type FlowStep, type LogEntry } from "./session";
export { grade, type CheckResult, type GradeOutcome } from "./checks";
export { anonymousStore, decodeEntry, encodeEntry, type AttemptRecord, type AttemptStore } from "./store";
export {
  applyEntry, attemptView, clearSessionCache, completeLine, ExerciseError, gradeAttempt, newAttemptView, revealHint, revealSolution,
  sessionCacheStats, startAttempt, type AttemptView, type CommandResult, type GradeView,
} from "./service";
