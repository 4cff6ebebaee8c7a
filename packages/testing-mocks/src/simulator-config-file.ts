import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { OpenRouterSimulatorOptions } from './start-open-router-simulator.js';

const CONFIG_ERROR_MARKER = Symbol.for('orkit.testing-mocks.config-error');

/**
 * A simulator config file is unreadable or invalid. The message lists every problem with its JSON path.
 *
 * @example
 * try { loadSimulatorConfig('sim.json'); } catch (error) { if (SimulatorConfigError.isInstance(error)) console.error(error.message); }
 */
export class SimulatorConfigError extends Error {
  readonly [CONFIG_ERROR_MARKER] = true as const;
  override readonly name = 'SimulatorConfigError';
  readonly problems: readonly string[];

  constructor(file: string, problems: readonly string[]) {
    super(`Invalid simulator config ${file}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.problems = problems;
  }

  static isInstance(error: unknown): error is SimulatorConfigError {
    return typeof error === 'object' && error !== null && CONFIG_ERROR_MARKER in error;
  }
}

const decimal = z.string().regex(/^\d+(\.\d+)?$/, 'a decimal string in USD per token, such as "0.000003"');
const metadata = z.record(z.string(), z.unknown());
const stepSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('reply'),
    text: z.string().optional(),
    toolCalls: z
      .array(
        z.strictObject({
          name: z.string(),
          arguments: z.union([z.string(), metadata]),
          id: z.string().optional(),
        }),
      )
      .optional(),
    reasoning: z.string().optional(),
    finishReason: z.enum(['stop', 'length', 'tool_calls', 'content_filter']).optional(),
    usage: z
      .strictObject({
        promptTokens: z.number().int().nonnegative().optional(),
        completionTokens: z.number().int().nonnegative().optional(),
        reasoningTokens: z.number().int().nonnegative().optional(),
        cachedTokens: z.number().int().nonnegative().optional(),
        cacheWriteTokens: z.number().int().nonnegative().optional(),
        byok: z.boolean().optional(),
      })
      .optional(),
    firstChunkDelayMs: z.number().nonnegative().optional(),
    chunkDelayMs: z.number().nonnegative().optional(),
    wordsPerChunk: z.number().int().positive().optional(),
    stall: z
      .strictObject({
        afterChunks: z.number().int().nonnegative(),
        ms: z.number().nonnegative(),
        keepAlive: z.boolean(),
      })
      .optional(),
  }),
  z.strictObject({
    type: z.literal('error'),
    status: z.number().int().min(400).max(599),
    message: z.string(),
    metadata: metadata.optional(),
    retryAfterSeconds: z.number().nonnegative().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    inBand: z.boolean().optional(),
  }),
  z.strictObject({
    type: z.literal('stream-error'),
    afterChunks: z.number().int().nonnegative(),
    code: z.number().int(),
    message: z.string(),
    metadata: metadata.optional(),
    text: z.string().optional(),
  }),
  z.strictObject({
    type: z.literal('cut'),
    afterChunks: z.number().int().nonnegative(),
    text: z.string().optional(),
  }),
  z.strictObject({ type: z.literal('malformed'), afterChunks: z.number().int().nonnegative().optional() }),
]);

const configSchema = z.strictObject({
  models: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'an OpenRouter id such as "openai/gpt-5.5"'),
        name: z.string().optional(),
        contextLength: z.number().int().positive().optional(),
        maxCompletionTokens: z.number().int().positive().optional(),
        pricing: z.strictObject({
          prompt: decimal,
          completion: decimal,
          request: decimal.optional(),
          image: decimal.optional(),
          inputCacheRead: decimal.optional(),
          inputCacheWrite: decimal.optional(),
          internalReasoning: decimal.optional(),
          webSearch: decimal.optional(),
        }),
        inputModalities: z.array(z.string()).optional(),
        outputModalities: z.array(z.string()).optional(),
        supportedParameters: z.array(z.string()).optional(),
        provider: z.string().optional(),
      }),
    )
    .min(1)
    .optional(),
  apiKeys: z.union([z.literal('any'), z.array(z.string().min(1)).min(1)]).optional(),
  keyLimitUsd: z.number().positive().optional(),
  keepAliveIntervalMs: z.number().positive().optional(),
  chaos: z
    .strictObject({
      seed: z.number().int(),
      rate: z.number().min(0).max(1),
      weights: z.record(z.string(), z.number().nonnegative()).optional(),
      models: z.array(z.string()).optional(),
      retryAfterSeconds: z.number().nonnegative().optional(),
      stallMs: z.number().nonnegative().optional(),
    })
    .optional(),
  scripts: z
    .array(
      z.strictObject({
        model: z.string().optional(),
        prompt: z.string().optional(),
        steps: z.union([stepSchema, z.array(stepSchema).min(1)]),
        repeat: z.enum(['last', 'cycle', 'none']).optional(),
      }),
    )
    .optional(),
});

/**
 * Reads and validates a simulator config file (JSON): models, keys, key limit, chaos and scripts.
 *
 * @example
 * const simulator = await startOpenRouterSimulator(loadSimulatorConfig('simulator.json'));
 */
export function loadSimulatorConfig(file: string): OpenRouterSimulatorOptions {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SimulatorConfigError(file, [
      `cannot read the file (${(error as Error).message}); check the --config path.`,
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SimulatorConfigError(file, [`not valid JSON (${(error as Error).message}).`]);
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    throw new SimulatorConfigError(
      file,
      parsed.error.issues.map(
        (issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`,
      ),
    );
  }
  return parsed.data as OpenRouterSimulatorOptions;
}
