/**
 * The local build runner: CodeBuild's stand-in for local mode. See {@link LocalBuildRunner} and
 * {@link startBuildSyncHandler}.
 */
export { LocalBuildRunner } from './local-build-runner.js';
export type { LocalBuildRequest, LocalBuildRunnerOptions } from './local-build-runner.js';
export { buildProjectOf } from './build-project.js';
export type { BuildProject, BuildProjectLookup } from './build-project.js';
export type { BuildRecord } from './build-store.js';
export type { PhaseRecord } from './phases.js';
export { START_BUILD_SYNC, codeBuildShape, startBuildSyncHandler } from './codebuild-task.js';
export { BuildInProgressError, BuildSetupError, BuildTaskFailedError, CodeBuildInvalidInputError } from './errors.js';
export { suiteKindOf } from './suite-kinds.js';
export { parseJUnit } from './junit.js';
export type { JUnitCounts } from './junit.js';
