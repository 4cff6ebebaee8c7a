/**
 * `pnpm --filter @orkit/agent-service start`: one replica of the agent service. Settings come from the environment
 * (see `serviceSettingsFromEnv`); offline on an embedded simulator without OPENROUTER_API_KEY. SIGTERM or SIGINT
 * drains it: no new calls, calls in flight get ORKIT_DRAIN_MS to finish, then the rest end with a clean error.
 */
import { ConfigError } from '@orkit/config';
import { runService, serviceSettingsFromEnv } from './run-service.js';
import { TenantsConfigError } from './tenants.js';

try {
  const settings = serviceSettingsFromEnv(process.env);
  const running = await runService(settings, process.env);
  process.stdout.write(
    `agent-service listening on ${running.url} (replica ${settings.replica}${running.offline ? ', offline: answers scripted by the embedded simulator' : ''})\n`,
  );
  if (running.offline)
    process.stdout.write(
      `try: curl -s ${running.url}/v1/agents/code-reviewer/generate -H 'authorization: Bearer demo-acme-key' -H 'content-type: application/json' -d '{"prompt":"Review: const x = eval(input)"}'\n`,
    );
  let signals = 0;
  const stop = (signal: string) => {
    signals += 1;
    if (signals > 1) process.exit(1);
    process.stdout.write(`${signal}: draining (up to ${settings.drainMs} ms for calls in flight)\n`);
    running.shutdown().then(
      ({ finished, ended }) => {
        process.stdout.write(`drained: ${finished} call(s) finished, ${ended} ended; exiting\n`);
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${(error as Error).stack ?? String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
} catch (error) {
  if (error instanceof TenantsConfigError || ConfigError.isInstance(error)) {
    process.stderr.write(`agent-service: ${(error as Error).message}\n`);
    process.exit(3);
  }
  throw error;
}
