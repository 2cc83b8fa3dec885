'use strict';
// botbuilder, loaded once per test worker (tests/helpers/node-environment.js). Safe to share: its
// classes and enums hold no state between uses; every adapter, handler and turn is made per test.
module.exports = globalThis.__loadOncePerWorker('botbuilder');
