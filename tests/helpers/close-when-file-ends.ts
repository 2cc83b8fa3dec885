type Register = (close: () => Promise<unknown>) => () => void;

/**
 * Makes `close` (a server's, a fake platform's, a browser's, a child process's) run at most once, and
 * also when the test file ends if no test or hook has run it: an assertion that fails before a test's
 * own close() must not leave a listening socket or a child process that keeps the worker running.
 * The test environment (node-environment.js) runs what is left, newest first, after the file's hooks.
 */
export function closeWhenFileEnds<T>(close: () => Promise<T>): () => Promise<T> {
  let closing: Promise<T> | undefined;
  const once = (): Promise<T> => {
    forget();
    closing ??= close();
    return closing;
  };
  const register = (globalThis as { __closeWhenFileEnds?: Register }).__closeWhenFileEnds;
  const forget = register ? register(once) : () => undefined;
  return once;
}
