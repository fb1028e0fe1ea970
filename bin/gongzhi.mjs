#!/usr/bin/env node
// The gongzhi command: loads the TypeScript sources through tsx and runs the CLI.
//
// `gongzhi start` serves with the heap capped at 128 MB, as `npm start` does (bench/README.md, (f)
// peak RSS: without the cap V8 lets garbage grow to ~190 MB before a major collection). When the
// cap is not already given (`node --max-old-space-size=…`, or NODE_OPTIONS), the command starts
// itself again with it; signals pass through and the exit code comes back.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HEAP_FLAG = '--max-old-space-size=128';
const capped = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) =>
  a.startsWith('--max-old-space-size'),
);

if (process.argv[2] === 'start' && !capped) {
  const child = spawn(process.execPath, [...process.execArgv, HEAP_FLAG, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    }
    else process.exit(code ?? 1);
  });
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../server/cli.ts');
}
