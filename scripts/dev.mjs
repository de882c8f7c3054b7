// Runs the API server and the Vite dev server together (`npm run dev`): Vite proxies /api to
// the server on port 8080. Signals reach both; when either one exits, the other is stopped and
// this process exits with the first one's code, so a crashed server never hides behind a live Vite.
import { spawn } from 'node:child_process';

const API_PORT = '8080';

const children = [
  spawn('tsx', ['watch', 'server/src/index.ts'], {
    stdio: 'inherit',
    env: { ...process.env, PORT: API_PORT },
  }),
  spawn('vite', [], { stdio: 'inherit' }),
];

let exiting = false;

function stopAll(signal) {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  }
}

for (const child of children) {
  child.on('exit', (code, signal) => {
    if (exiting) return;
    exiting = true;
    stopAll('SIGTERM');
    process.exitCode = code ?? (signal ? 1 : 0);
  });
  child.on('error', (error) => {
    console.error(error);
    if (!exiting) {
      exiting = true;
      stopAll('SIGTERM');
      process.exitCode = 1;
    }
  });
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    exiting = true;
    stopAll(signal);
  });
}
