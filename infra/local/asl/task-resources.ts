/**
 * Maps a Task state's `Resource` to the local handler that stands in for it.
 */
import type { TaskHandler, TaskHandlers } from './types.js';

const WAIT_FOR_TOKEN = '.waitForTaskToken';
const LAMBDA_INVOKE = /^arn:[\w-]+:states:[\w-]*:\d*:lambda:invoke(\.waitForTaskToken)?$/;
const LAMBDA_ARN = /^arn:[\w-]+:lambda:[\w-]*:\d*:function:([^:]+)(?::[^:]+)?$/;
const FUNCTION_IN_REF = /(?:^|:)function:([^:]+)/;

/** What runs a Task locally. */
export type TaskTarget =
  /** `lambda:invoke`: the function comes from `FunctionName`, known only at run time. */
  | { readonly kind: 'lambda-invoke'; readonly waitForToken: boolean }
  /** A plain Lambda ARN as `Resource`: the function gets the effective input as is. */
  | { readonly kind: 'lambda'; readonly waitForToken: false; readonly handler: TaskHandler }
  /** Any other integration, e.g. `codebuild:startBuild.sync`. */
  | { readonly kind: 'integration'; readonly waitForToken: boolean; readonly handler: TaskHandler };

/**
 * The local target of `resource`, or `undefined` when no handler stands in for it.
 *
 * @example
 * ```ts
 * resolveTaskTarget('arn:aws:states:::codebuild:startBuild.sync', { resources: { 'arn:aws:states:::codebuild:startBuild.sync': runBuild } });
 * // → { kind: 'integration', waitForToken: false, handler: runBuild }
 * ```
 */
export function resolveTaskTarget(resource: string, handlers: TaskHandlers): TaskTarget | undefined {
  const invoke = LAMBDA_INVOKE.exec(resource);
  if (invoke !== null) return { kind: 'lambda-invoke', waitForToken: invoke[1] !== undefined };
  if (LAMBDA_ARN.test(resource)) {
    const handler = findFunction(handlers, resource);
    return handler === undefined ? undefined : { kind: 'lambda', waitForToken: false, handler };
  }
  const exact = handlers.resources?.[resource];
  if (exact !== undefined) return { kind: 'integration', waitForToken: false, handler: exact };
  if (resource.endsWith(WAIT_FOR_TOKEN)) {
    const base = handlers.resources?.[resource.slice(0, -WAIT_FOR_TOKEN.length)];
    if (base !== undefined) return { kind: 'integration', waitForToken: true, handler: base };
  }
  return undefined;
}

/**
 * The function registered for `ref`: a name, a name with a qualifier, a partial ARN
 * (`123456789012:function:name`) or a full ARN, as Lambda's `FunctionName` accepts.
 */
export function findFunction(handlers: TaskHandlers, ref: string): TaskHandler | undefined {
  const functions = handlers.functions ?? {};
  const exact = functions[ref];
  if (exact !== undefined) return exact;
  const name = FUNCTION_IN_REF.exec(ref)?.[1] ?? ref.split(':')[0] ?? ref;
  return functions[name];
}
