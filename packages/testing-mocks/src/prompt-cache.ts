/**
 * @module
 * Provider prompt caching, as the providers behind OpenRouter do it, so that caching set-ups can be tested and their
 * savings seen offline. Anthropic's and Gemini's models cache only up to a `cache_control` breakpoint the request
 * sets: the first request writes the prefix (billed at the cache-write price), later ones within the TTL (5 minutes,
 * or 1 hour when asked) read it. Other models with a cache-read price (OpenAI, DeepSeek…) cache a repeated prefix by
 * themselves, in steps of 128 tokens, with no write charge. Both need a prefix of 1,024 tokens or more.
 */
import { createHash } from 'node:crypto';
import type { TokenCounts } from './price-usage.js';
import type { ServedModel } from './simulator-state.js';

/** A prompt prefix that ends at a message boundary: its tokens and a hash of its content. */
export interface PromptPrefix {
  readonly tokens: number;
  readonly key: string;
}

/** What a request offers to a provider's cache. */
export interface CacheablePrompt {
  /** Every message boundary, in order. */
  readonly boundaries: readonly PromptPrefix[];
  /** The prefix up to the last `cache_control` breakpoint, with how long the provider keeps it. */
  readonly breakpoint?: PromptPrefix & { readonly ttlMs: number };
}

/** The smallest prefix the providers cache. */
export const MIN_CACHED_TOKENS = 1_024;
const FIVE_MINUTES = 5 * 60_000;
const MAX_ENTRIES = 10_000;
const EXPLICIT = /^(anthropic\/|google\/gemini)/;

type CacheControl = { readonly type?: unknown; readonly ttl?: unknown } | undefined;

function breakpointOf(message: Record<string, unknown>): CacheControl {
  const own = message.cache_control as CacheControl;
  if (own) return own;
  if (!Array.isArray(message.content)) return undefined;
  for (const part of message.content as Array<Record<string, unknown>>)
    if (part && typeof part === 'object' && part.cache_control) return part.cache_control as CacheControl;
  return undefined;
}

/**
 * The prefixes of a request's messages, given each message's tokens. A top-level `cache_control` (the provider
 * package's call-level option) marks the whole prompt.
 */
export function cacheablePrompt(
  messages: ReadonlyArray<Record<string, unknown>>,
  tokensOf: (message: Record<string, unknown>) => number,
  body: Readonly<Record<string, unknown>>,
): CacheablePrompt {
  const hash = createHash('sha256');
  const boundaries: PromptPrefix[] = [];
  let tokens = 3;
  let breakpoint: CacheablePrompt['breakpoint'];
  for (const message of messages) {
    tokens += tokensOf(message);
    hash.update(JSON.stringify([message.role, message.content, message.tool_calls ?? null]));
    const prefix = { tokens, key: hash.copy().digest('hex') };
    boundaries.push(prefix);
    const control = breakpointOf(message);
    if (control) breakpoint = { ...prefix, ttlMs: control.ttl === '1h' ? 12 * FIVE_MINUTES : FIVE_MINUTES };
  }
  const whole = body.cache_control as CacheControl;
  const last = boundaries.at(-1);
  if (whole && last) breakpoint = { ...last, ttlMs: whole.ttl === '1h' ? 12 * FIVE_MINUTES : FIVE_MINUTES };
  return breakpoint ? { boundaries, breakpoint } : { boundaries };
}

/** Expiry times by model and prefix, oldest first (a Map keeps insertion order). */
export type PromptCacheEntries = Map<string, number>;

function remember(entries: PromptCacheEntries, key: string, until: number): void {
  entries.delete(key);
  entries.set(key, until);
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
}

/**
 * The tokens of a reply with the provider's cache applied: how many prompt tokens were read from the cache or
 * written to it. A model without a cache-read price caches nothing.
 */
export function withPromptCache(
  entries: PromptCacheEntries,
  served: ServedModel,
  prompt: CacheablePrompt,
  tokens: TokenCounts,
  now: number,
): TokenCounts {
  if (served.model.pricing.inputCacheRead === undefined) return tokens;
  const id = served.model.id;
  if (EXPLICIT.test(id)) {
    const breakpoint = prompt.breakpoint;
    if (!breakpoint || breakpoint.tokens < MIN_CACHED_TOKENS) return tokens;
    const key = `${id}|${breakpoint.key}`;
    const hit = (entries.get(key) ?? 0) > now;
    remember(entries, key, now + breakpoint.ttlMs);
    const cached = Math.min(breakpoint.tokens, tokens.promptTokens);
    return hit ? { ...tokens, cachedTokens: cached } : { ...tokens, cacheWriteTokens: cached };
  }
  let cached = 0;
  for (const boundary of prompt.boundaries) {
    if (boundary.tokens < MIN_CACHED_TOKENS) continue;
    const key = `${id}|${boundary.key}`;
    if ((entries.get(key) ?? 0) > now) cached = boundary.tokens;
    remember(entries, key, now + FIVE_MINUTES);
  }
  cached = Math.min(Math.floor(cached / 128) * 128, tokens.promptTokens);
  return cached >= MIN_CACHED_TOKENS ? { ...tokens, cachedTokens: cached } : tokens;
}
