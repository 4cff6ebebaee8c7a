/**
 * @module
 * Signals read on the original text, beside the rules: invisible and tag characters, hidden HTML comments, a persona
 * named in capitals, a fake turn at the start of any line, pig latin, and instructions inside supplied content.
 */
import type { InjectionFinding } from './detect-prompt-injection.js';
import { hasInvisibleCharacters } from './normalize-text.js';
import { excerptOf } from './rule-matching.js';

// Module-level patterns: built once (esbuild turns some `\p{…}` literals into `new RegExp` calls where they stand).
const WORDS = /\p{L}+/gu;
const PIG_LATIN_WORD = /[bcdfghj-np-tv-z]ay$|^[aeiou]\p{L}*(?:yay|way)$/u;
const INVISIBLE_INSIDE_WORD = /\p{L}([\u200b-\u200f\u2060-\u2064\ufeff\u00ad]+)(?=\p{L})/gu;
/**
 * Zero-width (non-)joiners between letters of a script that spells with them: Persian writes "چت‌بات‌ها" with a
 * non-joiner, Hindi and Bengali use both to choose a letter's form. There they are spelling, not hiding.
 */
const JOINING_SCRIPT =
  /[\p{Script=Arabic}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}]/u;
const JOINERS = /^[\u200c\u200d]+$/u;

/** Whether an invisible character sits inside a word where it does not belong to the word's spelling. */
function hiddenInsideWord(text: string): boolean {
  for (const match of text.matchAll(INVISIBLE_INSIDE_WORD)) {
    const after = text.codePointAt(match.index + match[0].length) ?? 0;
    const spelling =
      JOINERS.test(match[1] ?? '') &&
      JOINING_SCRIPT.test(match[0]) &&
      JOINING_SCRIPT.test(String.fromCodePoint(after));
    if (!spelling) return true;
  }
  return false;
}
const AY_ENDINGS = /ay\b/gi;

const whole = (rule: string, category: InjectionFinding['category'], weight: number): InjectionFinding => ({
  rule,
  category,
  excerpt: '',
  start: 0,
  end: 0,
  weight,
});

/**
 * Zero-width characters inside words, and Unicode tag characters (text a reader cannot see). `invisible`: whether
 * the text has invisible characters at all, when the caller knows (the base view found out).
 */
export function characterSignals(text: string, invisible?: boolean): InjectionFinding[] {
  const findings: InjectionFinding[] = [];
  if ((invisible ?? hasInvisibleCharacters(text)) && hiddenInsideWord(text))
    findings.push(whole('obfuscation.invisible-characters', 'obfuscation', 0.35));
  // Tag characters are U+E0000 to U+E007F: a native search for their high surrogate says whether to look.
  if (text.includes('\udb40') && /[\u{e0000}-\u{e007f}]{4,}/u.test(text))
    findings.push(whole('obfuscation.tag-characters', 'obfuscation', 0.8));
  return findings;
}

// Words aimed at a model, in a hidden comment: English and the main phrasings elsewhere (non-Latin scripts have no
// word boundaries to anchor on).
const HIDDEN_HTML_WORDS =
  /\b(?:ignore|ignora|ignorez|ignoriere|disregard|instructions?|instrucciones|anweisungen|istruzioni|instruções|assistant|ai|model|system|sistema|système|say|respond|prompt|reply|output|print|declare|reveal|password|contraseña|passwort|senha)\b|忽略|无视|無視|指令|指示|システム|印刷|パスワード|密码|игнор|инструкц|निर्देश|सिस्टम|무시|지시|시스템/u;

/** HTML comments holding words aimed at a model: found with indexOf, so adversarial input stays linear. */
export function hiddenComments(text: string): InjectionFinding[] {
  const findings: InjectionFinding[] = [];
  let from = 0;
  // `<!--`, and the `<! --` some pages (and attacks) use: both open a comment a person does not see.
  const opener = /<!\s{0,3}--/g;
  while (findings.length < 4) {
    opener.lastIndex = from;
    const found = opener.exec(text);
    if (!found) break;
    const open = found.index;
    const close = text.indexOf('-->', open + found[0].length);
    const end = close < 0 ? Math.min(text.length, open + 2_000) : close + 3;
    if (
      HIDDEN_HTML_WORDS.test(text.slice(open + found[0].length, Math.min(end, open + 2_000)).toLowerCase())
    ) {
      findings.push({
        rule: 'delimiter.hidden-html',
        category: 'delimiter-attack',
        excerpt: excerptOf(text, open, end),
        start: open,
        end,
        weight: 0.6,
      });
    }
    from = end;
  }
  return findings;
}

// A persona named in capitals ("continue as VIOLET", "you are JAMES"): read on the original text, since the views
// are lowercased. File formats and job titles are capitals too, so they are left out, and alone it is only a hint.
export const NAMED_PERSONA =
  /\b(?:[Aa]ct|[Aa]cting|[Rr]ole-?play|[Rr]espond|[Cc]ontinue|[Tt]ransform|[Pp]retend|[Ii]n character|[Bb]ecome|[Yy]ou are|[Yy]ou're|I am)(?: as| into| to be)?\s+(?:an? |the )?["'“«]?(?!(?:JSON|XML|CSV|HTML|API|SQL|YAML|PDF|CEO|CTO|CFO|COO|HR|IT|AI|USA|UK|EU|UN|NASA|FBI|CIA|AWS|GCP|URL|REST|HTTP|SDK|CLI|GUI|UI|UX|QA|PM|OK|DM|GM|MVP|SRE|DBA|PHP|CSS|JS|TS|LLM|GPT|NPC|ASCII|UTF)\b)([A-Z][A-Z0-9_]{2,})\b/;

// Words in capitals, found natively: the persona pattern is tried only just before each.
const CAPITALS = /\b[A-Z][A-Z0-9_]{2,}\b/g;
const NAMED_PERSONA_ALL = new RegExp(NAMED_PERSONA.source, 'g');
const SPACE = /\s/;

/**
 * The first match of the persona pattern, read only before words in capitals. Between the verb and the name
 * there are only an article and a quote (five characters at most) after white space, and the longest verb with
 * "to be" has 18: a window from there holds the match, with one more character before it so `\b` reads true.
 */
function firstNamedPersona(text: string): { index: number; length: number } | undefined {
  for (const capitals of text.matchAll(CAPITALS)) {
    let from = Math.max(0, capitals.index - 5);
    while (from > 0 && SPACE.test(text[from - 1] as string)) from -= 1;
    const start = Math.max(0, from - 19);
    const context = Math.max(0, start - 1);
    const window = text.slice(context, Math.min(text.length, capitals.index + capitals[0].length + 1));
    NAMED_PERSONA_ALL.lastIndex = start - context;
    const found = NAMED_PERSONA_ALL.exec(window);
    if (found) return { index: context + found.index, length: found[0].length };
  }
  return undefined;
}

/** A persona named in capitals, as a hint. */
export function namedPersona(text: string): InjectionFinding[] {
  const found = text.length <= 100_000 ? firstNamedPersona(text) : undefined;
  if (!found) return [];
  return [
    {
      rule: 'persona.named-in-capitals',
      category: 'jailbreak-persona',
      excerpt: excerptOf(text, found.index, found.index + found.length),
      start: found.index,
      end: found.index + found.length,
      weight: 0.3,
    },
  ];
}

// The views fold line breaks into spaces, so a fake turn that starts a later line ("…\nsystem: you are now…") is
// looked for here, on the original lines. The same words as role.fake-turn, which sees only the first line.
const FAKE_TURN_AT =
  /(?:^|\n)[ \t]*(?:(?:system|developer)[ \t]*:[ \t]*(?:you|ignore|new|the user|from now|override|i will)|assistant[ \t]*:[ \t]*(?:ignore|new instructions|from now|override))\b/iy;

/**
 * The first fake turn: its role word and colon open a line, so only lines with a colon are tried, each from its
 * start (the pattern, tried at every position of a text, cost 2 µs per KB). Each unit is read at most twice.
 */
function firstFakeTurn(text: string): RegExpExecArray | null {
  let lineStart = 0;
  let cursor = 0;
  for (let colon = text.indexOf(':'); colon >= 0; ) {
    for (
      let newline = text.indexOf('\n', cursor);
      newline >= 0 && newline < colon;
      newline = text.indexOf('\n', cursor)
    ) {
      lineStart = newline + 1;
      cursor = lineStart;
    }
    cursor = colon;
    // A match opens at the text's start or at the line break before its line.
    FAKE_TURN_AT.lastIndex = lineStart === 0 ? 0 : lineStart - 1;
    const found = FAKE_TURN_AT.exec(text);
    if (found) return found;
    // The line's other colons would try the same start.
    const nextLine = text.indexOf('\n', colon);
    if (nextLine < 0) return null;
    colon = text.indexOf(':', nextLine + 1);
  }
  return null;
}

/** A system or developer turn at the start of any line. */
export function lineStartTurns(text: string): InjectionFinding[] {
  const found = text.length <= 1_000_000 ? firstFakeTurn(text) : null;
  if (!found) return [];
  const start = found.index + (found[0].startsWith('\n') ? 1 : 0);
  const end = found.index + found[0].length;
  return [
    {
      rule: 'role.fake-turn',
      category: 'role-impersonation',
      excerpt: excerptOf(text, start, end),
      start,
      end,
      weight: 0.7,
    },
  ];
}

/** Text written in pig latin: six words or more, three in four ending in "ay" after a consonant. */
export function pigLatin(text: string): InjectionFinding[] {
  if (text.length > 4_000) return [];
  // Six words, three in four ending in "ay", need five "ay" endings: most texts are ruled out without a word split.
  if ((text.match(AY_ENDINGS)?.length ?? 0) < 5) return [];
  const words = text.toLowerCase().match(WORDS) ?? [];
  if (words.length < 6 || words.filter((word) => PIG_LATIN_WORD.test(word)).length < words.length * 0.75)
    return [];
  return [
    {
      rule: 'obfuscation.pig-latin',
      category: 'obfuscation',
      excerpt: excerptOf(text, 0, text.length),
      start: 0,
      end: text.length,
      weight: 0.5,
    },
  ];
}

/**
 * Where content supplied for a task starts: after a short lead-in that ends in a colon ("Summarise this page: …",
 * "What is the output of this code: …"), or at the first markup tag. Undefined when the text has neither.
 */
export function suppliedContentStart(text: string): number | undefined {
  const colon = /[:：](?:\s|["'«「“])/.exec(text.slice(0, 300));
  const tag = /<(?:html|body|table|tr|td|code|caption|div|p|img|!\s{0,3}--)\b/i.exec(text.slice(0, 20_000));
  const starts = [colon && colon.index + 1, tag?.index].filter(
    (start) => start !== undefined && start !== null,
  );
  return starts.length > 0 ? Math.min(...(starts as number[])) : undefined;
}

/** An indirect instruction inside supplied content weighs more than the same words in a user's own request. */
export function insideSuppliedContent(
  text: string,
  findings: readonly InjectionFinding[],
  start: number | undefined,
): InjectionFinding | undefined {
  // Indirect instructions, tool abuse ("send the report to…") and overrides are what a document should not carry.
  // The addressed-to-the-reader rules already weigh the position: they do not count twice.
  const indirect = findings.find(
    (finding) =>
      finding.quoted !== true &&
      ((finding.category === 'indirect-injection' && !finding.rule.startsWith('indirect.addressed-')) ||
        finding.category === 'tool-abuse' ||
        finding.category === 'instruction-override'),
  );
  if (!indirect) return undefined;
  // The end counts: a match may begin in the lead-in ("what is the output of this code: …") and end in the content.
  if (start === undefined || indirect.end < start + 20) return undefined;
  return {
    rule: 'indirect.inside-supplied-content',
    category: 'indirect-injection',
    excerpt: excerptOf(text, start, indirect.end),
    start,
    end: indirect.end,
    weight: 0.3,
  };
}
