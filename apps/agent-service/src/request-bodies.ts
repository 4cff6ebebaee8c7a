/**
 * @module
 * The request bodies the service accepts, validated with zod: the error names the field and what it needs.
 */
import { z } from 'zod';

const message = z
  .object({
    role: z.enum(['user', 'assistant', 'tool'], {
      message: "must be 'user', 'assistant' or 'tool' (the agent's instructions are its system prompt)",
    }),
    content: z.union([z.string(), z.array(z.unknown())]).optional(),
    parts: z.array(z.unknown()).optional(),
  })
  .passthrough()
  .refine((value) => value.content !== undefined || value.parts !== undefined, {
    message: 'needs content (a model message) or parts (a UI message)',
  });

export const generateBody = z
  .object({
    prompt: z.string().min(1).optional(),
    messages: z.array(message).min(1).max(500).optional(),
    /** Who in the tenant asked (attribution only). */
    user: z.string().min(1).max(200).optional(),
  })
  .refine((value) => (value.prompt === undefined) !== (value.messages === undefined), {
    message: 'give either prompt (a string) or messages (an array), not both',
  });

/** `useChat`'s body: `{ id, messages, trigger, messageId }`; only `messages` matters here. */
export const chatBody = z.object({
  messages: z.array(message).min(1).max(500),
  user: z.string().min(1).max(200).optional(),
});

/** Stream parts that mean the answer has started reaching the client. */
