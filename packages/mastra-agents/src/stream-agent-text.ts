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
  /** Set when a processor tripped Mastra's tripwire (e.g. an input guard): its reason and id. */
  readonly tripwire: { readonly reason: string; readonly processorId: string | undefined } | undefined;

  constructor(
    agent: string,
    partialText: string,
    cause: unknown,
    aborted: boolean,
    tripwire?: { readonly reason: string; readonly processorId: string | undefined },
  ) {
    super(
      tripwire
        ? `The ${agent} run was stopped by ${tripwire.processorId ?? 'a processor'}: ${tripwire.reason}`
        : aborted
          ? `The ${agent} stream was aborted after ${partialText.length} characters.`
          : `The ${agent} stream failed after ${partialText.length} characters: ${(cause as Error)?.message ?? String(cause)}`,
      { cause },
    );
    this.agent = agent;
    this.partialText = partialText;
    this.aborted = aborted;
    this.tripwire = tripwire;
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
 * Streams an agent's answer as text chunks. If the stream fails (an error chunk, a cut, a timeout), is aborted,
 * or a processor trips Mastra's tripwire (`error.tripwire`), the iteration ends by throwing an
 * {@link AgentStreamError}: nothing is silently lost.
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
  let tripwire: { reason: string; processorId: string | undefined } | undefined;
  for await (const chunk of output.fullStream) {
    if (chunk.type === 'text-delta') {
      const text = (chunk.payload as { text: string }).text;
      partial += text;
      yield text;
    } else if (chunk.type === 'error') {
      failure ??= (chunk.payload as { error: unknown }).error;
    } else if (chunk.type === 'tripwire') {
      // A processor stopped the run (Mastra ends the stream with no text and no error): a refusal, never a success.
      const payload = chunk.payload as { reason?: string; processorId?: string };
      tripwire ??= { reason: payload.reason ?? 'no reason given', processorId: payload.processorId };
    }
  }
  if (options.signal?.aborted) throw new AgentStreamError(agent.name, partial, options.signal.reason, true);
  if (tripwire) throw new AgentStreamError(agent.name, partial, undefined, false, tripwire);
  if (failure !== undefined) throw new AgentStreamError(agent.name, partial, failure, false);
}
