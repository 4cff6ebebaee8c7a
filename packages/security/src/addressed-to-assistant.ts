/**
 * @module
 * Indirect injection by position. Inside supplied content (a tool result, a fetched page, an e-mail pasted after
 * "summarise this:"), text that turns to the AI reading it ("Note to any AI model…", "Assistant, if you are reading
 * this…", "the agent managing this inbox must…", "このメールを読んでいるAIアシスタントへ") is an injection whatever it
 * then asks: a document has no business addressing its reader's assistant. The same words in the user's own turn are
 * how users talk to their assistant, so they count only inside supplied content.
 */
import type { InjectionFinding } from './detect-prompt-injection.js';
import { NOTE_WORDS, OBLIGATIONS, READING_VERBS, READING_VERBS_BEFORE } from './lexicons/ai-reader-cues.js';
import { AI_NAMES, NAME_HEADS, READER_NAMES } from './lexicons/ai-reader-names.js';
import { excerptOf } from './rule-match.js';

/** Letters of scripts that separate words by spaces: a name must not be glued to more of them. */
const SPACED =
  '[\\p{Script=Latin}\\p{Script=Cyrillic}\\p{Script=Greek}\\p{Script=Arabic}\\p{Script=Hebrew}\\p{N}_]';
const W = '[^.!?\\n。！？]'; // within one sentence
const any = (fragments: readonly string[]) => `(?:${fragments.join('|')})`;
const word = (fragments: readonly string[]) => `(?<!${SPACED})${any(fragments)}(?!${SPACED})`;

/** A name used as a modifier of people ("the AI team", "the bot owners") names people, not the reader. */
const NOT_PEOPLE =
  '(?!\\s+(?:team|group|department|lab|researchers?|engineers?|community|owners?|act|policy|office|committee|experts?|vendors?)\\b)';
const STRONG = `${word(AI_NAMES)}${NOT_PEOPLE}`;
const NAME = `${word([...AI_NAMES, ...READER_NAMES])}${NOT_PEOPLE}`;
const DETERMINER = word(['the', 'any', 'all', 'every', 'each']);
const DATIVE = word([
  'to',
  'for',
  'pour',
  '[àa]',
  'aux?',
  'para',
  'al',
  'an',
  'für',
  'per',
  "all'",
  'для',
  'к',
  'dla',
  'do',
  'voor',
  'aan',
  'till',
  'için',
  'kepada',
  'untuk',
  'cho',
  'به',
  'إلى',
  'الى',
]);
const GREETING = word([
  'hey',
  'hi',
  'hello',
  'dear',
  'attention',
  'ok',
  'okay',
  'yo',
  'hola',
  'querido',
  'cher',
  'chère',
  'liebe[rs]?',
  'caro',
  'cara',
  'уважаем\\p{L}*',
  'дорог\\p{L}*',
  'beste',
  'drogi',
  'hej',
]);
const CLAUSE_START = '(?:^|[\\n.!?;>\\]。！？]\\s*|\\s[-–—]{1,2}\\s*)';

/** The prefix of the rules here. */
const ADDRESSED = 'indirect.addressed-';

/**
 * One way of turning to the reader: what comes before the name (`before`), which names (`names`), what comes after
 * (`after`). It is tried at each place a name starts, as one sticky attempt that looks behind for `before`; only
 * when that succeeds is the whole frame matched again to find where it starts.
 */
interface Frame {
  readonly rule: string;
  readonly weight: number;
  /** `(?<=before)names after`, sticky: one attempt at a name's start. */
  readonly at: RegExp;
  /** `before names after`, global: where the address starts, once found. */
  readonly whole: RegExp;
}
const frame = (name: string, before: string, names: string, after: string, weight: number): Frame => ({
  rule: `${ADDRESSED}${name}`,
  weight,
  at: new RegExp(`${before ? `(?<=${before})` : ''}${names}${after}`, 'iuy'),
  whole: new RegExp(`${before}${names}${after}`, 'giu'),
});
const AFTER_ARTICLE = "(?:the\\s+|an?\\s+|l'|la\\s+|el\\s+|le\\s+|den\\s+|das\\s+|die\\s+|de\\s+)?";
const OBLIGATION = `\\s+(?:${W}{0,40}?\\s)?${word(OBLIGATIONS)}`;

/** The ways a document turns to its AI reader. */
const FRAMES: readonly Frame[] = [
  // "Note to any AI model", "SYSTEM NOTICE TO THE ASSISTANT", "Hinweis an das KI-System", "Nota para el asistente".
  frame('note-to-reader', `${word(NOTE_WORDS)}${W}{0,20}?${DATIVE}\\s+${W}{0,25}?`, NAME, '', 0.7),
  // "AIアシスタントへ：", "AI에게", "एआई सहायक के लिए", "致AI助手", "给客服机器人的指令".
  frame('reader-postposition', '', NAME, '\\s?(?:へ|에게|께|के लिए)', 0.7),
  frame('reader-prefix', '(?:致|给)\\s?', NAME, '', 0.7),
  // A heading or vocative: "AI agents reviewing this PR:", "Agent bot: issue…", "hey assistant,", "Dear assistant,".
  frame(
    'vocative',
    CLAUSE_START,
    STRONG,
    `(?:\\s+(?:reviewing|reading|processing|managing|working|summari[sz]ing|handling|parsing|using|that|who)\\b${W}{0,40}?)?\\s*[,:：]`,
    0.7,
  ),
  frame('greeting', `${GREETING}[,!]?\\s+(?:the\\s+)?`, NAME, '\\s*[,:!：]', 0.65),
  frame(
    'vocative-request',
    CLAUSE_START,
    NAME,
    "\\s*,\\s*(?:if you|when you|please|you must|you should|do not|don't|ignore|forget|make sure|remember)\\b",
    0.65,
  ),
  // The reader described at work: "the assistant managing this inbox", "asistente de IA que lea este correo".
  // Only where the reader is addressed ("for the…", "any…", a note word, a new clause): "the chatbot, which reads
  // these pages every night, …" describes a product.
  frame(
    'reader-at-work',
    `(?:(?:${DATIVE}|${word(['any', 'all', 'every', 'each'])}|${word(NOTE_WORDS)}[,:]?|${GREETING}[,!]?)\\s*${AFTER_ARTICLE}|${CLAUSE_START})`,
    NAME,
    `[\\s,]+${W}{0,25}?${word(READING_VERBS)}`,
    0.7,
  ),
  // Verb-final languages put the reading verb first and a dative after the name: "要約するAIへ", "요약하는 AI에게".
  frame(
    'reader-at-work-before',
    `${any(READING_VERBS_BEFORE)}\\s?${W}{0,12}?`,
    NAME,
    '(?:\\s?(?:へ|に|에게|께|के लिए|को|[,:：])|(?<=[yY][ae]))',
    0.7,
  ),
  // An obligation put on the reader: "the assistant must call fetch", "any language model … must state".
  frame('obligation', `${DETERMINER}\\s+`, STRONG, OBLIGATION, 0.45),
  // "The assistant must…" may be a job ad: a person's title counts for less.
  frame('obligation-on-title', `${DETERMINER}\\s+`, word(['assistants?', 'agents?']), OBLIGATION, 0.25),
];

/** "@bot please export…": a mention of an AI in a chat export or a ticket. */
const MENTION = /(?<![\w.])@(?:bot|assistant|ai|agent|copilot|gpt|claude|chatgpt|gemini)\b/giu;
/** Where a name starts, near a head word. */
const NAMES = new RegExp(NAME, 'giu');

/**
 * Where a reader may be named, in lower-cased text: the few places worth a closer look. Latin heads start a word
 * (`\\b` is cheap to test, so the scan skips most positions at once); the other scripts' heads are looked for only in
 * a text that has a letter of those scripts.
 */
const LATIN_HEADS = new RegExp(
  `\\b(?:(?:${NAME_HEADS.words.join('|')})\\b|${NAME_HEADS.prefixes.join('|')})|@`,
  'g',
);
const OTHER_HEADS = new RegExp(any(NAME_HEADS.otherScripts), 'g');
const OTHER_SCRIPTS = /[\u0400-\u04ff\u0590-\u06ff\u0900-\u097f\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]/;

/** The start of each head word from `from` on, in order. */
function headsOf(lower: string, from: number): Array<{ index: number; text: string }> {
  const heads: Array<{ index: number; text: string }> = [];
  for (const pattern of OTHER_SCRIPTS.test(lower) ? [LATIN_HEADS, OTHER_HEADS] : [LATIN_HEADS]) {
    pattern.lastIndex = from;
    for (let head = pattern.exec(lower); head && heads.length < 256; head = pattern.exec(lower))
      heads.push({ index: head.index, text: head[0] });
  }
  return heads.sort((a, b) => a.index - b.index);
}

/** How far before a name a frame may start (a note word, 20 + 25 characters, a dative). */
const REACH = 90;

/**
 * The places where supplied content turns to the AI reading it, from `from` on (the start of the supplied content):
 * one finding per kind of address, the first of each; of several kinds on one span, the strongest. Frames are only
 * tried near the head words of a reader's names (the first 32 places), so the cost is one scan of the text plus
 * short windows.
 */
export function addressedToAssistant(text: string, from: number): InjectionFinding[] {
  const found = new Map<string, InjectionFinding>();
  const add = (rule: string, weight: number, start: number, end: number) =>
    found.set(rule, {
      rule,
      category: 'indirect-injection',
      excerpt: excerptOf(text, start, end),
      start,
      end,
      weight,
    });
  const tryFrame = ({ rule, weight, at, whole }: Frame, name: number) => {
    at.lastIndex = name;
    const match = at.exec(text);
    if (!match) return;
    const end = name + match[0].length;
    // Where the address starts: the whole frame, matched again from a little before the name.
    whole.lastIndex = Math.max(0, name - REACH);
    let start = name;
    for (let full = whole.exec(text); full && full.index <= name; full = whole.exec(text))
      if (full.index + full[0].length >= end) {
        start = full.index;
        break;
      }
    // The whole address lies in the supplied content ("Note for the AI team: …" is the user's own lead-in).
    if (start >= from) add(rule, weight, start, end);
  };
  // Lower case keeps positions for nearly every text; where it does not (a dotted capital I), it is searched as is.
  const lower = text.toLowerCase();
  let tried = 0;
  let checkedUpTo = from;
  for (const head of headsOf(lower.length === text.length ? lower : text, from)) {
    if (tried >= 64) break;
    if (head.text === '@') {
      MENTION.lastIndex = head.index;
      const mention = found.has(`${ADDRESSED}mention`) ? null : MENTION.exec(text);
      if (mention?.index === head.index)
        add(`${ADDRESSED}mention`, 0.7, head.index, head.index + mention[0].length);
      continue;
    }
    // A name starts at most 30 characters before its head word ("automated assistant", "ai-agents"): look for
    // names in that stretch only (from one character before it, for the boundary check).
    const stretch = Math.max(checkedUpTo, from, head.index - 30);
    const offset = Math.max(0, stretch - 1);
    const near = text.slice(offset, head.index + 40);
    NAMES.lastIndex = stretch - offset;
    for (let name = NAMES.exec(near); name && offset + name.index <= head.index; name = NAMES.exec(near)) {
      const at = offset + name.index;
      tried += 1;
      checkedUpTo = at + 1;
      for (const frame of FRAMES) if (!found.has(frame.rule)) tryFrame(frame, at);
      if (name[0].length === 0) NAMES.lastIndex += 1;
    }
  }
  const findings = [...found.values()];
  // Several kinds of address on one span are one address: the strongest stays.
  return findings.filter(
    (finding) =>
      !findings.some(
        (other) =>
          other !== finding &&
          other.start < finding.end &&
          finding.start < other.end &&
          (other.weight > finding.weight || (other.weight === finding.weight && other.start < finding.start)),
      ),
  );
}
