// A CommonJS stand-in for `ora` (ESM-only since v6), which @angular-devkit/schematics requires for its
// package-install task. Jest loads modules as CommonJS and cannot require it; the schematic tests never
// install anything, so a spinner that does nothing is all they need.
function ora() {
  const spinner = {
    text: '',
    start: () => spinner,
    stop: () => spinner,
    succeed: () => spinner,
    fail: () => spinner,
    warn: () => spinner,
    info: () => spinner,
  };
  return spinner;
}
module.exports = ora;
module.exports.default = ora;
