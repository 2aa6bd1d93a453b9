/**
 * Errors of Upkeep. Names are a contract: the state machine's `Retry`/`Catch` blocks and
 * the HTTP edge match on `name`, so never rename a subclass. Each class spells its name out:
 * the Lambda bundles are minified, which renames classes, so `constructor.name` would not
 * survive deployment.
 *
 * @example
 * ```ts
 * throw new ConflictError('workflow wf-1 was changed by someone else', { context: { rev: 3 } });
 * ```
 */
export class UpkeepError extends Error {
  public override name: string = 'UpkeepError';
  /** Extra facts for logs and API answers; never secrets. */
  public readonly context: Record<string, unknown>;

  public constructor(message: string, options: ErrorOptions & { context?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.context = options.context ?? {};
  }
}

/** Input that breaks a rule; `problems` lists each one as path + value + fix. */
export class ValidationError extends UpkeepError {
  public override name = 'ValidationError';
  public readonly problems: readonly Problem[];

  public constructor(message: string, problems: readonly Problem[] = [], options: ErrorOptions = {}) {
    super(message, options);
    this.problems = problems;
  }
}

/** One thing wrong with an input. */
export interface Problem {
  /** Where: a dotted path such as `components[2].source.url`. */
  readonly path: string;
  /** What was found there, already rendered for a person. */
  readonly value: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** A conditional write lost (optimistic locking, uniqueness). */
export class ConflictError extends UpkeepError {
  public override name = 'ConflictError';
}

/** A thing asked for by id does not exist. */
export class NotFoundError extends UpkeepError {
  public override name = 'NotFoundError';
}

/** An approval link or task that is past its deadline or already used. */
export class ApprovalExpiredError extends UpkeepError {
  public override name = 'ApprovalExpiredError';
}

/** A caller that is not allowed to do what it asked. */
export class ForbiddenError extends UpkeepError {
  public override name = 'ForbiddenError';
}

/** A caller that did not prove who it is: a missing or wrong signature or token (HTTP 401, unlike `ForbiddenError`'s 403). */
export class UnauthorizedError extends UpkeepError {
  public override name = 'UnauthorizedError';
}

/** A peer (registry, CI provider, AWS) failed in a way worth retrying. */
export class TransientError extends UpkeepError {
  public override name = 'TransientError';
}

/** A peer answered with something we cannot use (malformed, truncated, wrong shape). */
export class BadResponseError extends UpkeepError {
  public override name = 'BadResponseError';
}

/** The artifact's checksum or signature did not verify. */
export class VerificationError extends UpkeepError {
  public override name = 'VerificationError';
}

/** The CI/CD run that builds what ships failed or was cancelled. */
export class PipelineFailedError extends UpkeepError {
  public override name = 'PipelineFailedError';
}

/** The rollout failed or was stopped (not an alarm rollback, which is an outcome of its own). */
export class DeploymentFailedError extends UpkeepError {
  public override name = 'DeploymentFailedError';
}
