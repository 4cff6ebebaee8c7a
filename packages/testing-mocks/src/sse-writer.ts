import type { ServerResponse } from 'node:http';

/** One thing to do on an SSE response. */
export type SseEvent =
  | { readonly kind: 'data'; readonly payload: unknown; readonly content?: string }
  | { readonly kind: 'comment' }
  | { readonly kind: 'raw'; readonly text: string }
  | { readonly kind: 'wait'; readonly ms: number; readonly keepAlive: boolean }
  | { readonly kind: 'cut' }
  | { readonly kind: 'done' }
  | { readonly kind: 'end' };

/** How an SSE response ended. */
export type SseEnding = 'done' | 'end' | 'cut' | 'client-aborted' | 'closed';

/** What the writer reports back. */
export interface SseHooks {
  readonly timers: Set<NodeJS.Timeout>;
  readonly keepAliveIntervalMs: number;
  /** Called for each content chunk as it is written. */
  onContent(text: string): void;
  onEnd(ending: SseEnding): void;
}

const KEEP_ALIVE = ': OPENROUTER PROCESSING\n\n';

/** The SSE response headers OpenRouter sends. */
export function sseHeaders(generationId: string): Record<string, string> {
  return {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-generation-id': generationId,
  };
}

/**
 * Plays the events on the response. Events with no wait between them go out in one write, so a zero-latency
 * stream costs one syscall; waits run on timers that {@link SseHooks.timers} tracks, so closing the simulator
 * ends every open stream.
 */
export function writeSse(response: ServerResponse, events: readonly SseEvent[], hooks: SseHooks): void {
  let index = 0;
  let finished = false;
  const finish = (ending: SseEnding) => {
    if (finished) return;
    finished = true;
    hooks.onEnd(ending);
  };
  response.on('close', () => {
    if (!finished) finish(response.writableFinished ? 'closed' : 'client-aborted');
  });

  const run = () => {
    let buffer = '';
    while (index < events.length && !finished) {
      const event = events[index] as SseEvent;
      index += 1;
      switch (event.kind) {
        case 'data':
          buffer += `data: ${JSON.stringify(event.payload)}\n\n`;
          if (event.content !== undefined) hooks.onContent(event.content);
          break;
        case 'comment':
          buffer += KEEP_ALIVE;
          break;
        case 'raw':
          buffer += event.text;
          break;
        case 'done':
          response.end(`${buffer}data: [DONE]\n\n`);
          finish('done');
          return;
        case 'end':
          response.end(buffer);
          finish('end');
          return;
        case 'cut': {
          const socket = response.socket;
          // Flush what was promised, then drop the connection without the final chunk: a real cut.
          finish('cut');
          if (buffer) response.write(buffer, () => socket?.destroy());
          else socket?.destroy();
          return;
        }
        case 'wait': {
          if (buffer) response.write(buffer);
          buffer = '';
          wait(event.ms, event.keepAlive);
          return;
        }
      }
    }
    if (buffer) response.write(buffer);
  };

  const wait = (ms: number, keepAlive: boolean) => {
    let interval: NodeJS.Timeout | undefined;
    if (keepAlive && ms > hooks.keepAliveIntervalMs) {
      interval = setInterval(() => response.write(KEEP_ALIVE), hooks.keepAliveIntervalMs);
      hooks.timers.add(interval);
    }
    const timer = setTimeout(() => {
      hooks.timers.delete(timer);
      if (interval) {
        clearInterval(interval);
        hooks.timers.delete(interval);
      }
      if (!finished) run();
    }, ms);
    hooks.timers.add(timer);
  };

  run();
}
