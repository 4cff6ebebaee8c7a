/**
 * @module
 * Findings inside payloads hidden by encoding: base64, hex, URL-encoding, binary, Morse, Caesar shifts and
 * interleaved fragments. The decoded text is scanned with the same rules; positions point at the payload.
 */
import { caesarShiftOf, MENTION_MAX, SHIFT_MENTION, shiftedWords, shiftLetters } from './caesar-shift.js';
import { encodedRuns, interleavedPair } from './decode-payloads.js';
import type { InjectionFinding } from './detect-prompt-injection.js';
import { disguisedReadings } from './disguised-readings.js';
import type { InjectionRule } from './injection-rules.js';
import { baseView } from './normalize-text.js';
import { excerptOf, firstMatchesOf, rulesFindings } from './rule-matching.js';

// Verbs that address the reader, for decoded payloads that no rule matched.
const ENCODED_INSTRUCTION =
  /\b(?:ignore|disregard|forget|say|state|print|respond|reply|output|answer|tell|write|reveal|pretend|act as)\b/i;

// Module-level patterns: built once (esbuild turns some `\p{…}` literals into `new RegExp` calls where they stand).
const WORDS = /\p{L}+/gu;
const OPENS_WITH_IGNORE = /^\s*(?:ignore|disregard|forget)\s+\p{L}/iu;
const SHIFT_NAMED = new RegExp(SHIFT_MENTION.source, 'i');

/** Whether a decoded payload reads as a sentence: four words or more, nearly all letters and spaces. */
function isSentence(decoded: string): boolean {
  const words = decoded.match(WORDS) ?? [];
  const letters = decoded.replace(/[^\p{L}\s]/gu, '').length;
  return words.length >= 4 && letters >= decoded.length * 0.8;
}

/**
 * What the encoded, shifted and interleaved parts of a text say, as findings in the original text. `shiftedWord`:
 * the first Caesar-shifted telltale word, when the caller looked for it already (`null`: none); `shiftNamed`:
 * whether the text may name rot13 or a Caesar cipher, when the caller looked (`false`: it does not).
 */
export function decodedFindings(
  text: string,
  rules: readonly InjectionRule[],
  shiftedWord?: string | null,
  shiftNamed?: boolean,
): InjectionFinding[] {
  const findings: InjectionFinding[] = [];
  for (const run of encodedRuns(text)) {
    const inner = rulesFindings(run.decoded, rules).findings;
    const payload = (rule: string): InjectionFinding => ({
      rule,
      category: 'obfuscation',
      excerpt: excerptOf(text, run.start, run.end),
      start: run.start,
      end: run.end,
      weight: 0.5,
      decodedFrom: run.kind,
    });
    if (inner.length === 0) {
      // No rule matched, but an encoded sentence that tells the reader what to do has no business in a prompt.
      // A payload that opens with "ignore" counts even when it is cut short (damaged binary keeps only a few words).
      if (
        (ENCODED_INSTRUCTION.test(run.decoded) && isSentence(run.decoded)) ||
        OPENS_WITH_IGNORE.test(run.decoded)
      )
        findings.push(payload('obfuscation.encoded-instruction'));
      continue;
    }
    findings.push(payload('obfuscation.encoded-payload'));
    for (const finding of inner)
      findings.push({
        ...finding,
        excerpt: excerptOf(run.decoded, finding.start, finding.end),
        start: run.start,
        end: run.end,
        weight: finding.weight * 0.95,
        decodedFrom: run.kind,
      });
  }
  // Disguises a reader undoes at a glance: the rules read the undone text, and what they find counts as the whole
  // text's (it is the whole text that is disguised).
  for (const { kind, reading } of disguisedReadings(text)) {
    const inner = rulesFindings(reading, rules).findings;
    if (inner.length === 0) continue;
    findings.push({
      rule: `obfuscation.${kind}`,
      category: 'obfuscation',
      excerpt: excerptOf(text, 0, text.length),
      start: 0,
      end: text.length,
      weight: 0.5,
      decodedFrom: kind,
    });
    for (const finding of inner)
      findings.push({
        ...finding,
        excerpt: excerptOf(reading, finding.start, finding.end),
        start: 0,
        end: text.length,
        weight: finding.weight * 0.95,
        decodedFrom: kind,
      });
  }
  const interleaved = text.length <= 100_000 ? interleavedPair(text) : undefined;
  if (interleaved)
    findings.push({
      rule: 'obfuscation.interleaved-text',
      category: 'obfuscation',
      excerpt: excerptOf(text, interleaved.start, interleaved.end),
      start: interleaved.start,
      end: interleaved.end,
      weight: 0.5,
    });
  // With no shifted telltale word (the caller looked), only a short text that names rot13 or Caesar is read again:
  // no lowercase copy otherwise. No character outside ASCII lowercases to one of the pattern's, so the
  // case-insensitive pattern on the text answers as the pattern on its lowercase copy would.
  if (shiftedWord === null && (shiftNamed === false || text.length > MENTION_MAX || !SHIFT_NAMED.test(text)))
    return findings;
  const lower = text.toLowerCase();
  const by = caesarShiftOf(lower, shiftedWord);
  // Two shifted words are looked for only where one was found (or rot13 was named): most texts have none.
  const shifted = by === undefined ? undefined : shiftedWords(lower);
  if (shifted)
    findings.push({
      rule: 'obfuscation.shifted-text',
      category: 'obfuscation',
      excerpt: excerptOf(text, shifted.start, shifted.end),
      start: shifted.start,
      end: shifted.end,
      weight: 0.55,
      decodedFrom: shifted.by === 13 ? 'rot13' : 'caesar',
    });
  if (by !== undefined) {
    // The first 60 rules (the English ones), where the prefilter lets them run: the 60 patterns over the whole
    // text cost 135 µs per KB, the plan and its windows 20 to 28.
    const unshifted = baseView(shiftLetters(lower, 26 - by));
    for (const found of firstMatchesOf(unshifted, text, 60))
      findings.push({ ...found, weight: found.weight * 0.95, decodedFrom: by === 13 ? 'rot13' : 'caesar' });
  }
  return findings;
}
