'use strict';
// tinyld (language detection), loaded once per test worker (tests/helpers/node-environment.js):
// its n-gram tables take about 0.2 s to load, and every server start loads them (the router is
// warmed with a Spanish message). Safe to share: detection is a pure function of the text.
module.exports = globalThis.__loadOncePerWorker('tinyld');
