'use strict';
const { TestEnvironment } = require('jest-environment-node');

/** How long one leftover close may take before the file's teardown moves on. */
const CLOSE_TIMEOUT_MS = 10_000;

/**
 * Jest's Node environment, plus two things.
 *
 * A few large third-party modules are loaded by Node's own loader, once per worker process, instead
 * of by jest once per test file. Jest compiles every module a test file loads again for the next
 * file; for botbuilder (with the ~600 modules it brings) that is about half a second of CPU in every
 * server test. Only modules that keep no state between uses are shared (see
 * tests/helpers/once-per-worker/), so test files still cannot see each other.
 *
 * What a test file started and did not close (an assertion failed before the test's own close())
 * is closed when the file ends, newest first (see tests/helpers/close-when-file-ends.ts): a server
 * still listening or a child process still running would keep the worker from exiting.
 */
class FrontdeskEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.__loadOncePerWorker = (name) => require(name);
    this.leftOpen = new Set();
    this.global.__closeWhenFileEnds = (close) => {
      this.leftOpen.add(close);
      return () => this.leftOpen.delete(close);
    };
  }

  async teardown() {
    // Until none is left: a start-up still in flight may register more while others close.
    for (let close = newest(this.leftOpen); close; close = newest(this.leftOpen)) {
      this.leftOpen.delete(close);
      let timer;
      const timeout = new Promise((resolve) => {
        timer = setTimeout(() => resolve(new Error(`did not finish in ${CLOSE_TIMEOUT_MS} ms`)), CLOSE_TIMEOUT_MS);
      });
      const outcome = await Promise.race([
        close().then(
          () => undefined,
          (err) => err,
        ),
        timeout,
      ]);
      clearTimeout(timer);
      // Errors from the test's own realm are not `instanceof Error` here.
      if (outcome !== undefined) process.stderr.write(`closing what a test left open failed: ${outcome?.message ?? String(outcome)}\n`);
    }
    await super.teardown();
  }
}

const newest = (set) => [...set].at(-1);

module.exports = FrontdeskEnvironment;
