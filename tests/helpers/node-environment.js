'use strict';
const { TestEnvironment } = require('jest-environment-node');

/**
 * Jest's Node environment, plus one thing: a few large third-party modules are loaded by Node's own
 * loader, once per worker process, instead of by jest once per test file. Jest compiles every module
 * a test file loads again for the next file; for botbuilder (with the ~600 modules it brings) that is
 * about half a second of CPU in every server test. Only modules that keep no state between uses are
 * shared (see tests/helpers/once-per-worker/), so test files still cannot see each other.
 */
class FrontdeskEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.__loadOncePerWorker = (name) => require(name);
  }
}

module.exports = FrontdeskEnvironment;
