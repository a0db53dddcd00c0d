/**
 * aws-local-stepfunctions 3 calls `Promise.withResolvers`, which Node 20 lacks; without it every
 * Task fails as States.TaskFailed and hides the cause. This installs a spec-equivalent
 * version only where the function is missing, so Node 22 keeps its own.
 */
export function ensurePromiseWithResolvers(): void {
  const promiseConstructor = Promise as unknown as { withResolvers?: unknown };
  if (typeof promiseConstructor.withResolvers === 'function') return;
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
