import { SIMULATOR_API_KEY } from './start-open-router-simulator.js';

/** Posts a chat body to the simulator and returns the raw response. Test-only. */
export async function postChat(
  baseURL: string,
  body: unknown,
  key: string = SIMULATOR_API_KEY,
): Promise<Response> {
  return fetch(`${baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Splits an SSE body into its comment lines and parsed data events (`[DONE]` kept as a string). */
export function parseSse(text: string): { comments: string[]; events: unknown[] } {
  const comments: string[] = [];
  const events: unknown[] = [];
  for (const block of text.split('\n\n')) {
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) comments.push(line);
      else if (line.startsWith('data: ')) {
        const data = line.slice('data: '.length);
        events.push(data === '[DONE]' ? data : JSON.parse(data));
      }
    }
  }
  return { comments, events };
}

/** A chat body with one user message. */
export function chatBody(
  model: string,
  prompt: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { model, messages: [{ role: 'user', content: prompt }], ...extra };
}
