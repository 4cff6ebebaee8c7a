import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A replica running as its own process. */
export interface ReplicaProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it printed (stdout and stderr), for diagnosing a failure. */
  output(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  readonly exited: Promise<number | NodeJS.Signals>;
}

const APP = fileURLToPath(new URL('..', import.meta.url));

/**
 * Starts `src/main.ts` as a child process on Node (`--import tsx`, one process, so a signal reaches the replica
 * itself) with `PORT=0`, and resolves with its URL once it listens.
 *
 * @example
 * const replica = await spawnReplica({ ...process.env, ORKIT_REPLICA: 'r1' });
 */
export function spawnReplica(env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<ReplicaProcess> {
  const child = spawn(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', '--import', 'tsx', 'src/main.ts'],
    { cwd: APP, env: { ...env, PORT: env.PORT ?? '0' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let text = '';
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The replica did not start within ${timeoutMs} ms:\n${text}`));
    }, timeoutMs);
    const listen = (chunk: Buffer) => {
      text += chunk.toString();
      const found = /listening on (http:\/\/\S+)/.exec(text);
      if (found?.[1]) {
        clearTimeout(timer);
        resolve({ url: found[1], child, output: () => text, exited });
      }
    };
    child.stdout?.on('data', listen);
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`The replica exited (${code}) before listening:\n${text}`));
    });
  });
}
