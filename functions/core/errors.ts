/**
 * Errors of Upkeep. Names are a contract: the state machine's `Retry`/`Catch` blocks and
 * the HTTP edge match on `name`, so never rename a subclass.
 *
 * @example
 * ```ts
 * throw new ConflictError('workflow wf-1 was changed by someone else', { context: { rev: 3 } });
 * ```
 */
export class UpkeepError extends Error {
  /** Extra facts for logs and API answers; never secrets. */
  public readonly context: Record<string, unknown>;

  public constructor(message: string, options: ErrorOptions & { context?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.context = options.context ?? {};
  }
}

/** Input that breaks a rule; `problems` lists each one as path + value + fix. */
export class ValidationError extends UpkeepError {
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
export class ConflictError extends UpkeepError {}

/** A thing asked for by id does not exist. */
export class NotFoundError extends UpkeepError {}

/** An approval link or task that is past its deadline or already used. */
export class ApprovalExpiredError extends UpkeepError {}

/** A caller that is not allowed to do what it asked. */
export class ForbiddenError extends UpkeepError {}

/** A caller that did not prove who it is: a missing or wrong signature or token (HTTP 401, unlike `ForbiddenError`'s 403). */
export class UnauthorizedError extends UpkeepError {}

/** A peer (registry, CI provider, AWS) failed in a way worth retrying. */
export class TransientError extends UpkeepError {}

/** A peer answered with something we cannot use (malformed, truncated, wrong shape). */
export class BadResponseError extends UpkeepError {}

/** The artifact's checksum or signature did not verify. */
export class VerificationError extends UpkeepError {}

/** The CI/CD run that builds what ships failed or was cancelled. */
export class PipelineFailedError extends UpkeepError {}

/** The rollout failed or was stopped (not an alarm rollback, which is an outcome of its own). */
export class DeploymentFailedError extends UpkeepError {}
