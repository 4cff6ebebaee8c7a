import type {
  LanguageModelV4Content,
  LanguageModelV4Prompt,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import { partPipe } from '@orkit/config/part-pipe';
import type { LanguageModelMiddleware } from 'ai';
import {
  createToolCallChecker,
  MALFORMED,
  type ToolCallContext,
  type ToolCallPolicyOptions,
} from './tool-call-checker.js';

/** The context of an AI SDK prompt. */
function contextOfPrompt(prompt: LanguageModelV4Prompt): ToolCallContext {
  const userMessages: string[] = [];
  let lastUser = -1;
  for (const [index, message] of prompt.entries()) {
    if (message.role !== 'user') continue;
    lastUser = index;
    for (const part of message.content) if (part.type === 'text') userMessages.push(part.text);
  }
  const afterUntrustedContent = prompt.slice(lastUser + 1).some((message) => message.role === 'tool');
  return { userMessages, afterUntrustedContent };
}

/**
 * The action layer of prompt-injection defence: checks every tool call the model emits **before it runs**, by what
 * the call does rather than by how a prompt was worded.
 *
 * - A sensitive tool (send, pay, delete, shell, http) runs only when the user's own messages ask for that kind of
 *   action (a lexicon in 13 languages) or name one of the call's destinations or values.
 * - Every destination in the call's arguments (URLs, hosts, e-mail addresses) must be allowed or named by the user.
 * - After untrusted content (a tool result since the user's last message), the call's `traceable` arguments must
 *   appear in the user's own words: an injected document can ask for a refund, but not of an order the user named.
 *
 * As AI SDK middleware it sees the tool calls of both `generate` and `stream` (in a stream, the refused call becomes
 * an error part and nothing after it is sent); with `buildAgentModel` put it in `stack.guards`, so it covers every
 * model of the fallback chain once.
 *
 * @example
 * const policy = toolCallPolicy({
 *   tools: { send_email: { action: 'send', destinations: ['to'] }, refund: { action: 'pay', traceable: ['orderId'] } },
 *   allowDestinations: ['ourco.com'],
 * });
 * const agent = createAgent({ ...preset, model, tools, stack: { guards: [guardMiddleware(), policy] } });
 */
export function toolCallPolicy(options: ToolCallPolicyOptions): LanguageModelMiddleware {
  const checker = createToolCallChecker(options);
  const parse = (input: string): unknown => {
    try {
      return JSON.parse(input || '{}');
    } catch {
      return { [MALFORMED]: true, value: input };
    }
  };
  return {
    specificationVersion: 'v4',
    async wrapGenerate({ doGenerate, params }) {
      const result = await doGenerate();
      const context = contextOfPrompt(params.prompt);
      for (const part of result.content as LanguageModelV4Content[]) {
        if (part.type !== 'tool-call') continue;
        const refused = checker.check({ ...part, input: parse(part.input) }, context);
        if (refused) throw refused;
      }
      return result;
    },
    async wrapStream({ doStream, params }) {
      const result = await doStream();
      const context = contextOfPrompt(params.prompt);
      let stopped = false;
      // A sensitive tool's input parts are held until its complete call has been checked: some agents (Mastra)
      // assemble and run a tool from these parts, so letting them through would run a call that is then refused.
      const held = new Map<string, LanguageModelV4StreamPart[]>();
      // A stage of the stack's one stream (`@orkit/config/part-pipe`); a refusal ends the stream there: the layers
      // below it and the provider's stream are cancelled, the layers above see the error part and an end.
      const pipe = partPipe(result.stream);
      const own = pipe.size;
      const stream = pipe.add({
        part(part, emit) {
          if (stopped) return;
          if (part.type === 'tool-input-start' && options.tools[part.toolName]) {
            held.set(part.id, [part]);
            return;
          }
          if ((part.type === 'tool-input-delta' || part.type === 'tool-input-end') && held.has(part.id)) {
            held.get(part.id)?.push(part);
            return;
          }
          if (part.type === 'tool-call') {
            const refused = checker.check({ ...part, input: parse(part.input) }, context);
            if (refused) {
              stopped = true;
              held.clear();
              emit({ type: 'error', error: refused });
              pipe.cutBelow(own, refused);
              return;
            }
            for (const input of held.get(part.toolCallId) ?? []) emit(input);
            held.delete(part.toolCallId);
          }
          emit(part);
        },
      });
      return { ...result, stream };
    },
  };
}
