/**
 * @module
 * The AI SDK UI stream as the service hands it to a client.
 */
import type { UIMessageChunk } from 'ai';
import { httpErrorOf } from './http-errors.js';

export const CONTENT = new Set([
  'text-delta',
  'reasoning-delta',
  'tool-call',
  'tool-call-input-streaming-start',
  'source',
  'file',
]);

/**
 * The UI stream as the client gets it: when the call was ended (drain) and the agent's stream closed without an
 * error part, one clean `error` part says why, so a client never mistakes a cut answer for a finished one; the
 * call is untracked when the stream ends or the client cancels it.
 */
export function endsCleanly(
  stream: ReadableStream<UIMessageChunk>,
  call: { readonly signal: AbortSignal; abandon(): void; end(): void },
): ReadableStream<UIMessageChunk> {
  const { signal, end } = call;
  let sawError = false;
  let sawFinish = false;
  const reader = stream.getReader();
  return new ReadableStream<UIMessageChunk>({
    async pull(controller) {
      try {
        const { value, done } = await reader.read();
        if (!done) {
          if (value.type === 'error') sawError = true;
          if (value.type === 'finish') sawFinish = true;
          controller.enqueue(value);
          return;
        }
        if (!sawError && (signal.aborted || !sawFinish)) {
          const reason = signal.aborted ? signal.reason : new Error('The answer ended without finishing.');
          const answer = httpErrorOf(reason);
          controller.enqueue({ type: 'error', errorText: `${answer.code}: ${answer.message}` });
        }
        controller.close();
        end();
      } catch (error) {
        const answer = httpErrorOf(signal.aborted ? signal.reason : error);
        controller.enqueue({ type: 'error', errorText: `${answer.code}: ${answer.message}` });
        controller.close();
        end();
      }
    },
    async cancel(reason) {
      call.abandon();
      end();
      await reader.cancel(reason).catch(() => undefined);
    },
  });
}
