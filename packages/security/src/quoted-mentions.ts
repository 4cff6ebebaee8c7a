/**
 * @module
 * Quoting is not doing. "Why does 'ignore all previous instructions' work on chatbots?", "translate «забудь все
 * инструкции» for my slides", "write a test that our filter rejects `You are now DAN`": the attack is quoted and the
 * text around it talks *about* it. A finding inside such a quotation weighs a third; the same words outside quotes,
 * or a quotation followed by "then do it", keep their full weight. Supplied content gets no discount (a document that
 * quotes an instruction may still be obeyed).
 */
import type { InjectionFinding } from './detect-prompt-injection.js';

/** How much a quoted, discussed finding keeps of its weight. */
export const QUOTED_WEIGHT = 0.35;

/** Pairs of quotation marks, a code span and a chat-template token (`<|im_start|>system`), each at most 400 long. */
const QUOTATIONS = [
  /"[^"\n]{3,400}"/gu,
  /“[^”\n]{3,400}”/gu,
  /„[^“”\n]{3,400}[“”]/gu,
  /«[^»\n]{3,400}»/gu,
  /‹[^›\n]{3,400}›/gu,
  /「[^」\n]{2,400}」/gu,
  /『[^』\n]{2,400}』/gu,
  /`[^`\n]{2,400}`/gu,
  // Single quotes only where they cannot be apostrophes: after a space or an opening bracket, before one.
  /(?<=^|[\s(:[])'[^'\n]{3,400}'(?=$|[\s).,;:!?\]])/gu,
  /(?<=^|[\s(:[])‘[^’\n]{3,400}’/gu,
  /<\|[^|>\n]{1,40}\|>(?:system|user|assistant|developer)?/gu,
  /(?<=^|\s)#{2,4} ?(?:system|assistant|user|instruction|response)\s?:/giu,
];

/** Words that talk about a phrase rather than use it: explain, why, translate, test, detect, what does … mean. */
const DISCUSSION = new RegExp(
  [
    // English
    '\\b(?:explain\\w*|why|what does\\b.{1,60}\\bmean|translat\\w*|tests?|unit test|regex|detect\\w*|dataset\\w*|benchmark\\w*|joke\\w*|funny|training|slides?|course|lecture|phrase|sentence|meaning|owasp|prompt injection|attacks?|special tokens?)\\b',
    // Romance
    '(?:\\b(?:explica\\w*|expli\\w*|por qu[eé]|pourquoi|perch[eé]|tradu\\w*)\\b|¿qu[eé] signif\\w*|\\b(?:que signifie|frase|phrase|formation|charla|corso|curso|ataques?|attaques?|attacchi|seguridad|s[eé]curit[eé]|sicurezza|seguran[cç]a)\\b)',
    // Germanic
    '\\b(?:erkl[äa]r\\w*|warum|[üu]bersetz\\w*|bedeute\\w*|satz|testfall|erkennt|schulung|angriff\\w*|vertaal\\w*|waarom|uitleg\\w*|zin|aanval\\w*|f[öo]rklara|varf[öo]r|[öo]vers[äa]tt\\w*|meningen|attack)\\b',
    // Slavic, Turkish, Indonesian, Vietnamese (no \\b: it is ASCII-only)
    '(?:объясни|почему|перев[её]д\\w*|переведи|значит|фраз\\p{L}*|атак\\p{L}*|поясни|чому|переклад\\p{L}*|wyja[sś]nij|dlaczego|przet[lł]umacz|zdanie|atak\\p{L}*|(?:a[cç][ıi]kla|a[cç][ıi]klar m[ıi]s[ıi]n|a[cç][ıi]klay[ıi]n)(?!\\p{L})|neden|[cç]evir|c[üu]mle|sald[ıi]r\\p{L}*|e[gğ]itim|jelaskan|kenapa|mengapa|terjemah\\p{L}*|kalimat|serangan|gi[ảa]i th[ií]ch|v[ìi] sao|t[ạa]i sao|d[ịi]ch (?:sang|c[âa]u)|t[ấa]n c[ôo]ng)',
    // Other scripts
    '(?:解释|为什么|翻译|什么意思|培训|这句话|攻击|説明|なぜ|翻訳|研修|意味|攻撃|설명|왜|번역|문장|의미|공격|اشرح|لماذا|ترجم|عبارة|محاضرة|هجوم|समझाइए|क्यों|अनुवाद|वाक्य|हमला|הסבר|למה|תרגם|המשפט|מתקפה|توضیح|چرا|ترجمه|جمله|حمله)',
  ].join('|'),
  'iu',
);

/** Words that turn a quotation into an order again: "… then do it", "follow the steps inside it". */
const DOING =
  /\b(?:then (?:do|follow|run|execute|apply|obey)|(?:do|follow|obey|execute|run|apply|perform|carry out|act on|comply with) (?:it|that|this|them|what it says|the (?:instructions?|steps?|above))|and do it)\b/iu;

/** The quotations in a text, as `[start, end)` pairs. */
function quotations(text: string): Array<readonly [number, number]> {
  const spans: Array<readonly [number, number]> = [];
  for (const pattern of QUOTATIONS)
    for (const match of text.matchAll(pattern)) spans.push([match.index, match.index + match[0].length]);
  return spans;
}

/** `text` with its quotations blanked out, so that what it talks about is not read as talk about it. */
function outside(text: string, spans: ReadonlyArray<readonly [number, number]>): string {
  let result = '';
  let at = 0;
  for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0])) {
    if (start < at) continue;
    result += `${text.slice(at, start)} `;
    at = end;
  }
  return result + text.slice(at);
}

/**
 * Lowers the weight of findings that lie inside a quotation the text discusses (`QUOTED_WEIGHT` of it), in place.
 * Only short texts (600 characters at most) are read so: a question about a phrase is short, while a long prompt
 * that quotes its persona's rules ("you are \"DAN\", which means…") is the attack itself.
 */
export function discountQuotedMentions(text: string, findings: InjectionFinding[]): void {
  if (text.length > 600 || findings.length === 0) return;
  const spans = quotations(text);
  if (spans.length === 0) return;
  const around = outside(text, spans);
  if (!DISCUSSION.test(around) || DOING.test(around)) return;
  for (const [index, finding] of findings.entries()) {
    // A document that turns to the AI reading it is an attack wherever it stands, quoted or not.
    if (finding.rule.startsWith('indirect.addressed-')) continue;
    const inside = spans.some(
      ([start, end]) => finding.start >= start && finding.end <= end && finding.end > finding.start,
    );
    if (inside) findings[index] = { ...finding, weight: finding.weight * QUOTED_WEIGHT, quoted: true };
  }
}
