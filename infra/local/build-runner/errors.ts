/**
 * Errors of the local build runner. `BuildTaskFailedError` keeps the name Step Functions gives a
 * failed `.sync` integration (`States.TaskFailed`) so the workflow's `Catch` matches it in both
 * runtimes.
 */
import { ConflictError, UpkeepError, ValidationError } from '../../../functions/core/errors.js';

/**
 * Results asked of a build that has not finished yet.
 *
 * @example
 * ```ts
 * try { await runner.results(id); } catch (e) { if (e instanceof BuildInProgressError) await runner.wait(id); }
 * ```
 */
export class BuildInProgressError extends ConflictError {}

/**
 * Why a build could not get as far as running its phases (checkout, buildspec, secrets). The
 * runner turns it into a FAILED build whose `reason` is the message; it never escapes `start`.
 */
export class BuildSetupError extends UpkeepError {}

/**
 * A finished build whose status is not SUCCEEDED, as `codebuild:startBuild.sync` fails in Step
 * Functions: the error is `States.TaskFailed` and the cause (here the message, which the local
 * runtime reports as `Cause`) is the build as JSON, `{"Build":{"Id":…,"BuildStatus":"FAILED",…}}`.
 *
 * @example
 * ```ts
 * throw new BuildTaskFailedError({ Build: { Id: 'upkeep-sim-api:…', BuildStatus: 'FAILED' } });
 * ```
 */
export class BuildTaskFailedError extends UpkeepError {
  public override readonly name = 'States.TaskFailed';

  public constructor(build: { readonly Build: object }) {
    // No `cause`: the local runtime prefers `error.cause` over the message for `Cause`.
    super(JSON.stringify(build), { context: { build } });
  }
}

/** Task parameters CodeBuild would refuse, named as the SDK names that exception. */
export class CodeBuildInvalidInputError extends ValidationError {
  public override readonly name = 'CodeBuild.InvalidInputException';
}
