/**
 * @module
 * The tool-call policy itself: what a sensitive tool is, the rules a call must pass, the refusal. The middleware
 * that applies it to a model is `tool-call-policy.ts`.
 */
import { ACTION_INTENTS, type ToolAction } from './tool-intents.js';

const BLOCKED = Symbol.for('orkit.security.tool-call-blocked');
/** Marks a tool input that was not valid JSON. */
export const MALFORMED = Symbol('malformed');

/** How a sensitive tool acts on the world, and which of its arguments say where or on what. */
export interface SensitiveTool {
  /** `send` (e-mail, messages), `pay` (payments, refunds), `delete`, `shell`, `http` (requests to other hosts). */
  readonly action: ToolAction;
  /** Arguments that hold destinations (URLs, hosts, e-mail addresses). Default: every string argument is scanned. */
  readonly destinations?: readonly string[];
  /**
   * Arguments whose values must come from the user's own words when the call follows untrusted content (tool
   * results): the order to refund, the file to delete. An injected document cannot name them.
   */
  readonly traceable?: readonly string[];
}

/** Why a call was refused. */
export type ToolCallViolation =
  | { readonly rule: 'not-requested'; readonly action: ToolAction }
  | { readonly rule: 'destination'; readonly destination: string }
  | { readonly rule: 'untraceable'; readonly argument: string; readonly value: string };

/** What the policy decided about one tool call. */
export type ToolCallPolicyEvent = {
  readonly type: 'tool-call-blocked' | 'tool-call-flagged';
  readonly toolName: string;
  readonly toolCallId: string;
  readonly violation: ToolCallViolation;
  /** Whether untrusted content (a tool result) came after the user's last message. */
  readonly afterUntrustedContent: boolean;
};

/** Options of {@link toolCallPolicy}. */
export interface ToolCallPolicyOptions {
  /** The tools that act on the world, by name. Tools not listed (reading, searching) are never stopped. */
  readonly tools: Readonly<Record<string, SensitiveTool>>;
  /**
   * Destinations any call may use: a domain (`ourco.com` also allows its subdomains and `@ourco.com` addresses),
   * or a pattern tested against each URL, host or address. A destination the user wrote in their own message is
   * allowed too.
   */
  readonly allowDestinations?: readonly (string | RegExp)[];
  /** `block` (default): the call fails with {@link ToolCallBlockedError} before any tool runs. `flag`: report only. */
  readonly policy?: 'block' | 'flag';
  /** Words that ask for each action in the user's message; replaces the built-in lexicon for the actions given. */
  readonly intents?: Partial<Readonly<Record<ToolAction, readonly string[]>>>;
  readonly onEvent?: (event: ToolCallPolicyEvent) => void;
}

/**
 * A tool call the model emitted was refused before it ran: a sensitive action the user did not ask for, data sent
 * to a destination outside the allowlist, or a call after untrusted content that the user's request does not
 * account for. Never retried and never sent to a fallback model.
 *
 * @example
 * if (ToolCallBlockedError.isInstance(error)) audit(error.toolName, error.violation);
 */
export class ToolCallBlockedError extends Error {
  readonly [BLOCKED] = true as const;
  override readonly name = 'ToolCallBlockedError';
  readonly isRetryable = false;
  readonly toolName: string;
  readonly violation: ToolCallViolation;

  static isInstance(error: unknown): error is ToolCallBlockedError {
    return typeof error === 'object' && error !== null && BLOCKED in error;
  }

  constructor(toolName: string, violation: ToolCallViolation) {
    const why =
      violation.rule === 'not-requested'
        ? `it is a '${violation.action}' action and the user's own messages did not ask for one`
        : violation.rule === 'destination'
          ? `it sends to ${violation.destination}, which is not in allowDestinations and not named by the user`
          : `it follows untrusted content and its ${violation.argument} '${violation.value}' does not come from the user's request`;
    super(
      `Blocked the model's call of tool '${toolName}': ${why}. If the call is legitimate, list the destination in allowDestinations or ask for the action in the user's message.`,
    );
    this.toolName = toolName;
    this.violation = violation;
  }
}

/** What a tool call is checked against: the user's own words, and whether untrusted content came after them. */
export interface ToolCallContext {
  /** The text of every message the user wrote (never tool results or documents fetched since). */
  readonly userMessages: readonly string[];
  /** Whether a tool result (or other supplied content) came after the user's last message. */
  readonly afterUntrustedContent: boolean;
}

const URL_PATTERN = /\b(?:https?|ftp|wss?):\/\/[^\s"'<>`]+/gi;
const EMAIL_PATTERN = /[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/gi;
// Bare host names only with common top-level domains: `install.sh` or `notes.md` are files, not destinations.
const HOST_PATTERN =
  /\b(?:[a-z0-9-]+\.)+(?:com|net|org|io|dev|app|co|ai|xyz|ru|cn|info|biz|site|online|top|cc|tk|pw|de|uk|us|eu|fr|nl|jp|br|in)\b/gi;

/** The URLs, e-mail addresses and host names in a value, lower-cased. */
function destinationsIn(value: string): string[] {
  const found = new Set<string>();
  for (const match of value.matchAll(URL_PATTERN)) found.add(match[0].toLowerCase().replace(/[).,;]+$/, ''));
  for (const match of value.matchAll(EMAIL_PATTERN)) found.add(match[0].toLowerCase());
  const rest = value.replace(URL_PATTERN, ' ').replace(EMAIL_PATTERN, ' ');
  for (const match of rest.matchAll(HOST_PATTERN)) found.add(match[0].toLowerCase());
  return [...found];
}

/** The host of a destination (URL, address or host). */
function hostOf(destination: string): string {
  if (destination.includes('://')) {
    try {
      return new URL(destination).hostname;
    } catch {
      return destination;
    }
  }
  const at = destination.lastIndexOf('@');
  return at >= 0 ? destination.slice(at + 1) : destination;
}

/** Every string in an argument value (nested objects and arrays included). */
function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number') out.push(String(value));
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, out);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) stringsIn(item, out);
  return out;
}

const wordPattern = (word: string) =>
  // Latin-script words match whole words (and their inflections by prefix); other scripts match as substrings.
  /^[a-z]/.test(word)
    ? new RegExp(`(?:^|[^\\p{L}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'u')
    : undefined;

/** Checks tool calls against a policy; the engine of {@link toolCallPolicy} and of agent-framework adapters. */
export interface ToolCallChecker {
  /**
   * The refusal for one call (its input parsed), reported through `onEvent`; `undefined` when it may run. Under
   * `policy: 'flag'` the event is `tool-call-flagged` and nothing is refused.
   */
  check(
    call: { readonly toolName: string; readonly toolCallId: string; readonly input: unknown },
    context: ToolCallContext,
  ): ToolCallBlockedError | undefined;
}

/**
 * The policy of {@link toolCallPolicy} without the middleware, for other hooks (a Mastra processor's
 * `processOutputStep`, your own tool executor).
 *
 * @example
 * const checker = createToolCallChecker({ tools: { refund: { action: 'pay', traceable: ['orderId'] } } });
 * const refused = checker.check({ toolName: 'refund', toolCallId: 'c1', input: { orderId: 'Z-9' } }, {
 *   userMessages: ['Summarise the ticket'], afterUntrustedContent: true,
 * });
 */
export function createToolCallChecker(options: ToolCallPolicyOptions): ToolCallChecker {
  const policy = options.policy ?? 'block';
  const intents = new Map<ToolAction, RegExp[]>();
  const literal = new Map<ToolAction, string[]>();
  for (const action of Object.keys(ACTION_INTENTS) as ToolAction[]) {
    const words = options.intents?.[action] ?? ACTION_INTENTS[action];
    intents.set(
      action,
      words.map(wordPattern).filter((pattern): pattern is RegExp => pattern !== undefined),
    );
    literal.set(
      action,
      words.filter((word) => !/^[a-z]/.test(word)),
    );
  }
  const allowed = (options.allowDestinations ?? []).map((entry) =>
    typeof entry === 'string' ? entry.toLowerCase().replace(/^@/, '') : entry,
  );
  const isAllowed = (destination: string) =>
    allowed.some((entry) => {
      if (entry instanceof RegExp) return entry.test(destination);
      const host = hostOf(destination);
      return host === entry || host.endsWith(`.${entry}`);
    });

  const askedFor = (action: ToolAction, userText: string) =>
    (intents.get(action) ?? []).some((pattern) => pattern.test(userText)) ||
    (literal.get(action) ?? []).some((word) => userText.includes(word));
  // A shell is how files get deleted, and an HTTP request is one way to send something.
  const asked = (action: ToolAction, userText: string) =>
    askedFor(action, userText) ||
    (action === 'shell' && askedFor('delete', userText)) ||
    (action === 'http' && askedFor('send', userText));

  /** The first rule a call breaks, or `undefined`. */
  function violationOf(
    tool: SensitiveTool,
    input: Record<string, unknown>,
    context: { readonly userText: string; readonly afterUntrusted: boolean },
  ): ToolCallViolation | undefined {
    // Declared fields only when the input parsed: malformed input is scanned whole.
    const fields =
      tool.destinations && !(MALFORMED in input)
        ? tool.destinations.flatMap((name) => stringsIn(input[name]))
        : stringsIn(input);
    const destinations = fields.flatMap(destinationsIn);
    for (const destination of destinations)
      if (
        !isAllowed(destination) &&
        !context.userText.includes(destination) &&
        !context.userText.includes(hostOf(destination))
      )
        return { rule: 'destination', destination };
    const named =
      destinations.some((destination) => context.userText.includes(destination)) ||
      (tool.traceable ?? []).some((name) =>
        stringsIn(input[name]).some(
          (value) => value.length >= 3 && context.userText.includes(value.toLowerCase()),
        ),
      );
    if (!named && !asked(tool.action, context.userText))
      return { rule: 'not-requested', action: tool.action };
    if (context.afterUntrusted)
      for (const name of tool.traceable ?? [])
        for (const value of stringsIn(input[name]))
          if (!context.userText.includes(value.toLowerCase()))
            return { rule: 'untraceable', argument: name, value };
    return undefined;
  }

  /** Checks one call; the refusal in `block` mode, reported in both. */
  function check(
    call: { readonly toolName: string; readonly toolCallId: string; readonly input: unknown },
    given: ToolCallContext,
  ): ToolCallBlockedError | undefined {
    const tool = options.tools[call.toolName];
    if (!tool) return undefined;
    const input =
      call.input && typeof call.input === 'object'
        ? (call.input as Record<string, unknown>)
        : { [MALFORMED]: true, value: call.input };
    const context = {
      userText: given.userMessages.join('\n').normalize('NFKC').toLowerCase(),
      afterUntrusted: given.afterUntrustedContent,
    };
    const violation = violationOf(tool, input, context);
    if (!violation) return undefined;
    const event: ToolCallPolicyEvent = {
      type: policy === 'block' ? 'tool-call-blocked' : 'tool-call-flagged',
      toolName: call.toolName,
      toolCallId: call.toolCallId,
      violation,
      afterUntrustedContent: context.afterUntrusted,
    };
    try {
      options.onEvent?.(event);
    } catch {
      // A listener that throws never changes the decision.
    }
    return policy === 'block' ? new ToolCallBlockedError(call.toolName, violation) : undefined;
  }

  return { check };
}
