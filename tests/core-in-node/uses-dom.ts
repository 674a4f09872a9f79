// The type check's control (tests/core-in-node/run.mjs): with the same compiler options this must fail,
// because there is no DOM lib. Were there one, the check above could not see the core needing it.
export const title: Document['title'] = '';
