import type { BadBodyStep } from './simulator-step.js';

const PROXY_PAGE =
  '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>';

/**
 * The content type and body of a 200 that is not what was asked for (the stream-shaped ones, `no-finish` and
 * `wrong-shape` in a stream, are played as SSE by the caller). `plainJson` is the reply as a chat completion.
 */
export function badBody(
  kind: BadBodyStep['body'],
  stream: boolean,
  plainJson: () => string,
): readonly [contentType: string, body: string] {
  switch (kind) {
    case 'html':
      return ['text/html', PROXY_PAGE];
    case 'empty':
      return [stream ? 'text/event-stream' : 'application/json', ''];
    case 'json':
      return ['application/json', plainJson()];
    case 'wrong-shape':
      return [
        'application/json',
        JSON.stringify({ status: 'ok', result: { text: 'not a chat completion' } }),
      ];
    case 'no-finish':
      // A JSON body cut off before it ends.
      return ['application/json', plainJson().slice(0, 40)];
  }
}
