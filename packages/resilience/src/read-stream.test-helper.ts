/**
 * For tests: reads a `streamText` result the way a careful caller does (`fullStream`, so errors are seen), and
 * returns the text, every error part and the finish reason (undefined when the stream produced no output).
 */
export async function readFullStream(result: {
  readonly fullStream: AsyncIterable<{
    readonly type: string;
    readonly text?: string;
    readonly error?: unknown;
  }>;
  readonly finishReason: PromiseLike<string>;
}): Promise<{ text: string; errors: unknown[]; finishReason: string | undefined }> {
  let text = '';
  const errors: unknown[] = [];
  for await (const part of result.fullStream) {
    if (part.type === 'text-delta') text += part.text ?? '';
    if (part.type === 'error') errors.push(part.error);
  }
  const finishReason = await Promise.resolve(result.finishReason).then(
    (reason) => reason,
    () => undefined,
  );
  return { text, errors, finishReason };
}
