#!/usr/bin/env node
/**
 * @module
 * `orkit-simulator`: runs the OpenRouter simulator standalone.
 */
import { parseArgs } from 'node:util';
import { loadSimulatorConfig, SimulatorConfigError } from './simulator-config-file.js';
import { SIMULATOR_SCENARIOS, type SimulatorScenario, simulatorScenario } from './simulator-scenario.js';
import { startOpenRouterSimulator } from './start-open-router-simulator.js';

const USAGE = `Usage: orkit-simulator [--port 0] [--host 127.0.0.1] [--scenario calm|flaky|outage|chaos] [--seed 1] [--config file.json]

Runs an OpenRouter-compatible server. Point a client at the printed URL with the key it prints.`;

function fail(message: string): never {
  process.stderr.write(`orkit-simulator: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '0' },
        host: { type: 'string', default: '127.0.0.1' },
        scenario: { type: 'string', default: 'calm' },
        seed: { type: 'string', default: '1' },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    fail(`--port must be an integer from 0 to 65535, got '${values.port}'.`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) fail(`--seed must be an integer, got '${values.seed}'.`);
  const scenario = values.scenario as SimulatorScenario;
  if (!SIMULATOR_SCENARIOS.includes(scenario))
    fail(`--scenario must be one of ${SIMULATOR_SCENARIOS.join(', ')}, got '${values.scenario}'.`);
  let fileOptions = {};
  if (typeof values.config === 'string') {
    try {
      fileOptions = loadSimulatorConfig(values.config);
    } catch (error) {
      fail(SimulatorConfigError.isInstance(error) ? error.message : String(error));
    }
  }
  const simulator = await startOpenRouterSimulator({
    ...simulatorScenario(scenario, { seed }),
    ...fileOptions,
    port,
    host: String(values.host),
  }).catch((error: Error) => fail(`cannot listen: ${error.message}`));
  // Handlers go in before the 'listening' line: whoever reads that line may signal at once.
  const stop = async (signal: string) => {
    process.stdout.write(`${signal}: closing after ${simulator.requests.count} requests\n`);
    await simulator.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.stdout.write(`listening on ${simulator.baseURL}\n`);
  process.stdout.write(`scenario ${scenario}, seed ${seed}; key: ${simulator.apiKey}\n`);
}

await main();
