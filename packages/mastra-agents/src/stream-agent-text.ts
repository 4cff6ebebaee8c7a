import type { Agent } from '@mastra/core/agent';
import type { RequestContext } from '@mastra/core/request-context';

const MARKER = Symbol.for('orkit.mastra-agents.error');

/**
 * A streamed agent answer failed. Mastra's `stream()` does not throw (errors arrive as chunks); this makes the
 * failure an exception at the end of the iteration, with the text already delivered.
 *
 * @example
 * try { for await (const text of streamAgentText(agent, prompt)) write(text); }
 * catch (error) { if (AgentStreamError.isInstance(error)) markIncomplete(error.partialText); }
 */
export class AgentStreamError extends Error {
  readonly [MARKER] = true as const;
  override readonly name = 'AgentStreamError';
  readonly agent: string;
  readonly partialText: string;
  readonly aborted: boolean;

  constructor(agent: string, partialText: string, cause: unknown, aborted: boolean) {
    super(
      aborted
        ? `The ${agent} stream was aborted after ${partialText.length} characters.`
        : `The ${agent} stream failed after ${partialText.length} characters: ${(cause as Error)?.message ?? String(cause)}`,
      { cause },
    );
    this.agent = agent;
    this.partialText = partialText;
    this.aborted = aborted;
  }

  static isInstance(error: unknown): error is AgentStreamError {
    return typeof error === 'object' && error !== null && MARKER in error;
  }
}

/** Options of {@link streamAgentText}. */
export interface StreamAgentTextOptions {
  readonly signal?: AbortSignal;
  readonly requestContext?: RequestContext;
  /** Attribution for usage and budgets. */
  readonly user?: string;
}

/**
 * Streams an agent's answer as text chunks. If the stream fails (an error chunk, a cut, a timeout) or is
 * aborted, the iteration ends by throwing an {@link AgentStreamError}: nothing is silently lost.
 *
 * @example
 * for await (const text of streamAgentText(agent, 'Summarise this', { signal })) process.stdout.write(text);
 */
export async function* streamAgentText(
  agent: Agent,
  input: string,
  options: StreamAgentTextOptions = {},
): AsyncGenerator<string, void, undefined> {
  const output = await agent.stream(input, {
    ...(options.signal ? { abortSignal: options.signal } : {}),
    ...(options.requestContext ? { requestContext: options.requestContext } : {}),
    ...(options.user ? { providerOptions: { orkit: { user: options.user } } } : {}),
  });
  let partial = '';
  let failure: unknown;
  for await (const chunk of output.fullStream) {
    if (chunk.type === 'text-delta') {
      const text = (chunk.payload as { text: string }).text;
      partial += text;
      yield text;
    } else if (chunk.type === 'error') {
      failure ??= (chunk.payload as { error: unknown }).error;
    }
  }
  if (options.signal?.aborted) throw new AgentStreamError(agent.name, partial, options.signal.reason, true);
  if (failure !== undefined) throw new AgentStreamError(agent.name, partial, failure, false);
}
