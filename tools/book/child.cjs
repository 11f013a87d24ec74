// Entry of the book runner's child process, in plain CommonJS on purpose: the runner loads its
// own TypeScript through tsx's scoped `require`, WITHOUT registering a global TypeScript loader,
// so every module a notebook imports is compiled by tslab exactly as under Jupyter.
const { require: tsxRequire } = require("tsx/cjs/api");
tsxRequire("./child.ts", __filename);
