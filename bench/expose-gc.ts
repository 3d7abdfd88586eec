import { spawn } from 'node:child_process';

const MARK = 'INTERVIEW_BOT_BENCH_REEXEC';

/** Node's `gc()` when the process runs with `--expose-gc`. */
export function forcedGc(): (() => void) | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  return typeof gc === 'function' ? () => gc() : undefined;
}

/**
 * Memory figures need a forced collection. Without `--expose-gc`, re-runs this same command
 * (`node <tsx loader flags> --expose-gc script args…`) with stdio inherited and resolves with its
 * exit code; resolves undefined when gc is available (or the re-run already happened and still has
 * none), meaning "go on in this process".
 */
export async function rerunWithGc(): Promise<number | undefined> {
  if (forcedGc() || process.env[MARK]) return undefined;
  const child = spawn(process.execPath, [...process.execArgv, '--expose-gc', ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, [MARK]: '1' },
  });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return new Promise(resolve => {
    child.on('exit', code => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code ?? 1);
    });
  });
}
