/**
 * `aws-local-stepfunctions` calls `Promise.withResolvers`, which Node 22 has and Node 20 does
 * not. Importing this module first (before the library) installs a spec-shaped stand-in when
 * it is missing and leaves a native one alone.
 *
 * @example
 * ```ts
 * import './polyfill.js';
 * import { StateMachine } from 'aws-local-stepfunctions';
 * ```
 */
interface Resolvers<T> {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
}

type WithResolvers = <T>() => Resolvers<T>;

// Typed through a cast rather than a global augmentation so the project's `lib` setting stays
// the single source of truth once it moves to ES2024.
const promiseConstructor = Promise as unknown as { withResolvers?: WithResolvers };

/** Installs `Promise.withResolvers` when the runtime lacks it; returns whether it did. */
export function installPromiseWithResolvers(): boolean {
  if (typeof promiseConstructor.withResolvers === 'function') return false;
  const withResolvers: WithResolvers = <T>() => {
    let resolve!: Resolvers<T>['resolve'];
    let reject!: Resolvers<T>['reject'];
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
  Object.defineProperty(Promise, 'withResolvers', { value: withResolvers, writable: true, configurable: true });
  return true;
}

installPromiseWithResolvers();
