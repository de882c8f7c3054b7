import { readFile, writeFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { runPolicyCli } from '../server/src/cli/policy-cli';

/** `npm run policy -- export|plan|apply [file]`: see server/src/cli/policy-cli.ts and the README. */
runPolicyCli(process.argv.slice(2), {
  env: process.env,
  fetch: (url, init) => fetch(url, init),
  stdout: (output) => void process.stdout.write(output),
  stderr: (output) => void process.stderr.write(output),
  readFile: (path) => readFile(path, 'utf8'),
  writeFile: (path, output) => writeFile(path, output, 'utf8'),
  readStdin: () => text(process.stdin),
}).then((code) => {
  process.exitCode = code;
});
