/**
 * The ports a Lambda bundle may leave out, with the SDK clients and adapters behind them. When
 * the CDK stack bundles a handler that never uses one, it defines `process.env.UPKEEP_OMIT_<PORT>`
 * as `"true"` (esbuild `define`; see `infra/aws/handler-catalog.ts`): esbuild then drops the
 * branch that would build the port, and the module it would load, so each bundle carries only
 * the adapters and clients its handler calls. Unbundled — tests, `tsx` — nothing is omitted.
 *
 * Each DynamoDB store is a port of its own: a step that journals a workflow carries the workflow
 * store and the audit log, not the policy or approval stores.
 */
export const STORE_PORTS = ['workflows', 'audit', 'components', 'deploymentQueue', 'policies', 'approvals'] as const;
export type StorePort = (typeof STORE_PORTS)[number];

/**
 * The stores, the other ports of `AppDeps`, and adapters that stand behind a port only in some
 * functions: `schedules`, the EventBridge Scheduler client behind `detection` (the detector only
 * notes its runs in the table); behind `sources`, either `registries`, the registry clients
 * themselves (only the per-type `list-versions` functions have them), or `sourceFunctions`, the
 * client of those functions (the detector, the artifact check).
 */
export const OMITTABLE_PORTS = [
  ...STORE_PORTS, 'engine', 'builds', 'deployer', 'pipelines', 'notifier', 'detection', 'schedules', 'secrets', 'sources', 'registries', 'sourceFunctions', 'detector',
] as const;
export type OmittablePort = (typeof OMITTABLE_PORTS)[number];

/** The variable that leaves `port` out of a bundle. */
export function omitVariable(port: OmittablePort): string {
  return `UPKEEP_OMIT_${port.toUpperCase()}`;
}

/**
 * A stand-in for a port left out of the bundle: any use fails, naming the fix. Never a silent
 * no-op. `answers` are the members it still serves because they need no AWS call (the engine's
 * console link).
 */
export function omitted<T>(port: OmittablePort, answers: Partial<T> = {}): T {
  const fail = (): never => {
    throw new Error(`the ${port} port is not bundled into this function; add the need that uses it to infra/aws/handler-catalog.ts`);
  };
  // `then` is looked up by whatever awaits the stand-in (Promise.all): it is not a use.
  return new Proxy(fail, {
    get: (_target, key) => (key === 'then' ? undefined : key in answers ? (answers as Record<PropertyKey, unknown>)[key] : fail()),
    apply: fail,
  }) as T;
}
