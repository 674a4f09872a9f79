// @angular/platform-server imports its bundled domino with a default import from an .mjs file. esbuild,
// which Jest uses for .mjs here, gives such an import Node's interop (the whole exports object), so
// `domino.impl` is undefined under Jest. This shim hands over the default export itself.
const path = require('node:path');

module.exports = require(
  path.join(__dirname, '../../node_modules/@angular/platform-server/third_party/domino/bundled-domino.mjs'),
).default;
