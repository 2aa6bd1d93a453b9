/**
 * How the adapters trace the SDK clients they build, without importing the tracer: the tracer
 * (and the X-Ray SDK, about 125 KB) is loaded by the handlers that trace (`tracing.ts`, imported
 * by the step, route and hook wrappers), which register it here when they load. A bundle
 * without them — a route that calls nothing downstream, a test, local mode — leaves clients as
 * they are.
 */
let capture: (<T>(client: T) => T) | undefined;

/**
 * The same SDK v3 client, each call of which becomes an X-Ray subsegment of the invocation when
 * a tracer is registered and tracing is on (the subsegment names the service and operation; of
 * the parameters, X-Ray keeps only its allow-list, e.g. the table name, never items, secrets or
 * task tokens). For the clients an adapter builds itself: a client a caller passes in is theirs
 * to trace.
 *
 * @example
 * ```ts
 * this.#client = options.client ?? traced(new SFNClient({}));
 * ```
 */
export function traced<T>(client: T): T {
  return capture === undefined ? client : capture(client);
}

/** Registers how to trace a client (`tracing.ts`, once it has loaded the tracer). */
export function captureClientsWith(fn: <T>(client: T) => T): void {
  capture = fn;
}
