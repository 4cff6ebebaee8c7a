/**
 * @module
 * How much of a streamed reply the guard may release: only text no secret or canary can still be forming in.
 */

/** Words on a line that say a credential may follow on it (a value, a token, a URL's password). */
const CREDENTIAL_CONTEXT =
  /bearer|secret|token|passw|pwd|passphrase|api[_-]?key|access[_-]?key|private|credential|auth|:\/\/|-----begin/gi;

/**
 * How much of a streamed buffer can go out now: all of it up to the last word (a key or canary has no spaces, so
 * only the last word can still be growing into one), less the rest of the line when it names a credential (its
 * value may still be coming), less everything from an open `-----BEGIN … PRIVATE KEY-----`.
 *
 * @example
 * releasable('The answer is 42 and the tok'); // 'The answer is 42 and the '.length: "tok" may grow into a key
 */
export function releasable(buffer: string): number {
  let cut = buffer.length;
  while (cut > 0 && !/\s/.test(buffer[cut - 1] as string)) cut -= 1;
  const lineStart = buffer.lastIndexOf('\n', cut - 1) + 1;
  const windowStart = Math.max(lineStart, cut - 160);
  CREDENTIAL_CONTEXT.lastIndex = 0;
  const context = CREDENTIAL_CONTEXT.exec(buffer.slice(windowStart, buffer.length));
  if (context) {
    const at = windowStart + context.index;
    let wordStart = at;
    while (wordStart > lineStart && !/\s/.test(buffer[wordStart - 1] as string)) wordStart -= 1;
    cut = Math.min(cut, wordStart);
  }
  const begin = buffer.lastIndexOf('-----BEGIN');
  const end = begin === -1 ? -1 : buffer.indexOf('-----END', begin);
  // Open until its END line has closed too (`-----END RSA PRIVATE KEY-----`).
  if (begin !== -1 && (end === -1 || buffer.indexOf('-----', end + 8) === -1)) cut = Math.min(cut, begin);
  return cut;
}

/**
 * Where a held-back stream buffer may be cut now (`final`: the text has ended, so all of it): what
 * {@link releasable} allows, or everything but the last `hold` characters, and never between a secret and the text
 * that identifies it (`Bearer `, `postgres://user:`) nor inside a canary. Used by `guardMiddleware` and by the Mastra
 * output processor of `@orkit/mastra-agents`, so both hold back exactly alike.
 *
 * @example
 * const cut = streamCut(buffer, { final: false, hold: 2_048, findings: findSecretsInContext(buffer), canaries });
 * emit(redactSecrets(buffer.slice(0, cut)));
 * buffer = buffer.slice(cut);
 */
export function streamCut(
  buffer: string,
  options: {
    readonly final: boolean;
    readonly hold: number;
    readonly findings: readonly { readonly matchStart: number; readonly end: number }[];
    readonly canaries: readonly string[];
  },
): number {
  let cut = options.final ? buffer.length : Math.max(releasable(buffer), buffer.length - options.hold);
  for (const finding of options.findings)
    if (finding.matchStart < cut && finding.end > cut) cut = finding.matchStart;
  for (const canary of options.canaries) {
    const at = buffer.indexOf(canary);
    if (at !== -1 && at < cut && at + canary.length > cut) cut = at;
  }
  return cut;
}
