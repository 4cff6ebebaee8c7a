/**
 * @module
 * One language's words for the things an injection names (ignore, instructions, password, system prompt…) turned
 * into the same rules for every language. A new language is a lexicon, not new rules.
 */
import type { InjectionLexicon } from './injection-lexicon.js';
import { type InjectionRule, rule } from './injection-rule.js';

export type { InjectionLexicon } from './injection-lexicon.js';

/** Within one sentence, in any script (the Devanagari danda and CJK full stops end sentences too). */
const S = '[^.!?\\n।。！？]';

// Fragments are normalised as the text is (NFKC: Thai ำ splits in two, full-width commas become commas).
const any = (words: readonly string[] = []) => `(?:${words.map((word) => word.normalize('NFKC')).join('|')})`;
const either = (a: string, b: string, gap: number) => `(?:${a}${S}{0,${gap}}${b}|${b}${S}{0,${gap}}${a})`;

/**
 * A secret with a possessive next to it ("your password", "पासवर्ड ... आपका"): up to three words apart ("हमारे सिस्टम
 * के लिए पासवर्ड") in spaced scripts, three characters in others; a stem's ending may come between ("κωδικός
 * πρόσβασής σου").
 */
function ownSecret(lexicon: InjectionLexicon, secret: string): string {
  const possessive = any(lexicon.possessive ?? []);
  return lexicon.spaced
    ? `(?:${possessive}\\s(?:[\\p{L}\\p{M}]{1,12}\\s){0,3}${secret}|${secret}[\\p{L}\\p{M}]{0,8}\\s(?:[\\p{L}\\p{M}]{1,12}\\s)?${possessive})`
    : `(?:${possessive}.{0,3}${secret}|${secret}.{0,3}${possessive})`;
}

/**
 * The rules of one language: ignoring instructions, asking for a secret or the system prompt, spelling a secret
 * out in a code, claimed authority and modes, persona jailbreaks, and worlds where personal data is public.
 *
 * @example
 * const rules = lexiconRules(myLexicon); // e.g. a lexicon for Polish
 * detectPromptInjection(text, { extraRules: rules });
 */
export function lexiconRules(lexicon: InjectionLexicon): InjectionRule[] {
  // Checked after the word, not before it: a look-behind that leads a pattern runs at every position of the text,
  // one that follows a word runs only where the word matched (six times faster on text without the words).
  const LETTER = '[\\p{L}\\p{M}]';
  const word = (words: readonly string[] = []) =>
    lexicon.spaced ? `${any(words)}(?<=(?<!${LETTER})${any(words)})` : any(words);
  // A negation up to one short word before the verb ("no me lo digas", "不要告诉"), and one that follows it within a
  // few words where the language puts it there ("gib es nicht preis", "প্রকাশ করবেন না").
  const before = lexicon.negation.length
    ? lexicon.spaced
      ? `(?<!(?<!${LETTER})${any(lexicon.negation)}\\s(?:${LETTER}{1,8}\\s)?${any(lexicon.ask)})`
      : `(?<!${any(lexicon.negation)}.{0,6}${any(lexicon.ask)})`
    : '';
  const after = lexicon.negationAfter?.length
    ? `(?!${S}{0,30}(?<!${LETTER})${any(lexicon.negationAfter)}(?!${LETTER}))`
    : '';
  const ask = `${word(lexicon.ask)}${before}${after}`;
  const secret = word(lexicon.secret);
  const systemPrompt = word(lexicon.systemPrompt);
  const procedure = lexicon.procedure?.length ? word(lexicon.procedure) : undefined;
  // "And" is a whole word (Spanish "e" must not match the start of "en").
  const and = lexicon.and?.length ? `${word(lexicon.and)}${lexicon.spaced ? `(?!${LETTER})` : ''}` : '';
  // Optional concepts: a rule only where the lexicon has the words.
  const when = <T>(words: readonly string[] | undefined, make: () => T): T[] =>
    words?.length ? [make()] : [];
  const made = (
    name: string,
    category: InjectionRule['category'],
    source: string,
    weight: number,
    unless?: string,
  ) => rule(`${lexicon.lang}.${name}`, category, source, weight, 'base', unless);
  // The model's standing orders: "your rules", "the previous instructions", either word order ("指示は以前の").
  // Languages that put "your" in a suffix name them in one word ("ohjeesi").
  const owned = lexicon.ownedOrders?.length ? `|${word(lexicon.ownedOrders)}` : '';
  const ownOrders = `(?:${either(
    word([...(lexicon.prior ?? []), ...(lexicon.possessive ?? [])]),
    word(lexicon.orders),
    20,
  )}${owned})`;
  const yourOrders = `(?:${either(word(lexicon.possessive ?? []), word(lexicon.orders), 12)}${owned})`;
  const mine = [
    ...when(
      lexicon.mine,
      () =>
        // From a word's start: Persian "ما" (our) must not be found inside "شما" (your).
        `${word(lexicon.mine)}${S}{0,20}${any(lexicon.orders)}|${any(lexicon.orders)}${S}{0,8}${word(lexicon.mine)}`,
    ),
    ...when(lexicon.oops, () => any(lexicon.oops)),
  ].join('|');
  return [
    ...when(lexicon.lapsed, () =>
      made(
        'lapsed-orders',
        'instruction-override',
        either(ownOrders, word(lexicon.lapsed), 50),
        0.75,
        mine || undefined,
      ),
    ),
    ...when(lexicon.possessive?.length ? lexicon.reword : undefined, () =>
      made(
        'reword-orders',
        'prompt-exfiltration',
        either(`(?:${word(lexicon.reword)}|${ask})`, yourOrders, 40),
        0.55,
        [mine, procedure].filter(Boolean).join('|') || undefined,
      ),
    ),
    made(
      'ignore-orders',
      'instruction-override',
      // "Ignore the previous instructions" or "your instructions", not "ignore yesterday's instructions about the
      // room" in an e-mail.
      either(
        word(lexicon.ignore),
        lexicon.prior?.length ? `(?:${ownOrders}|${word(lexicon.above)})` : word(lexicon.orders),
        40,
      ),
      0.85,
      mine || undefined,
    ),
    made('ask-secret', 'prompt-exfiltration', either(ask, secret, 40), 0.75, procedure),
    made('ask-system-prompt', 'prompt-exfiltration', either(ask, systemPrompt, 40), 0.85, procedure),
    made(
      'encode-secret',
      'prompt-exfiltration',
      either(word(lexicon.encodings), `(?:${secret}|${systemPrompt})`, 50),
      0.6,
    ),
    // Servers have maintenance modes too: alone a hint.
    made('special-mode', 'role-impersonation', word(lexicon.modes), 0.25),
    made('authority', 'role-impersonation', word(lexicon.authority), 0.62),
    // "From now on you are the project lead" and "no restrictions on file size" are everyday: hints; in one sentence
    // ("from now on you are an assistant without restrictions") an attack; "do anything now" counts alone.
    made('persona', 'jailbreak-persona', word(lexicon.persona), 0.25),
    ...when(lexicon.noLimits, () => made('no-limits', 'jailbreak-persona', word(lexicon.noLimits), 0.25)),
    ...when(lexicon.noLimits, () =>
      made(
        'unbound-persona',
        'jailbreak-persona',
        either(word(lexicon.persona), word(lexicon.noLimits), 60),
        0.6,
      ),
    ),
    ...when(lexicon.doAnythingNow, () =>
      made('do-anything-now', 'jailbreak-persona', any(lexicon.doAnythingNow), 0.7),
    ),
    // The framing may come before or after (Japanese puts 想像 last), within 120 characters: a rule must fit the
    // 400-character window the matcher gates long texts by. Alone a hint (an essay prompt reads the same); beside a
    // request for someone's details it counts.
    made(
      'open-world',
      'jailbreak-persona',
      `${either(`(?:${any(lexicon.personalData)}|${any(lexicon.secret)})`, any(lexicon.madePublic), 40)}(?:(?<=${any(lexicon.imagine)}[^\\n]{0,120})|(?=[^\\n]{0,120}${any(lexicon.imagine)}))`,
      0.3,
    ),
    ...when(lexicon.content?.length ? lexicon.and : undefined, () =>
      made(
        'ignore-content',
        'instruction-override',
        // "ignore the résumé and …", and object-first languages: "내용은 무시하고", "सामग्री को अनदेखा करें और".
        `${word(lexicon.ignore)}${S}{0,30}${word(lexicon.content)}${S}{0,30}${and}|${word(lexicon.content)}${S}{0,20}${word(lexicon.ignore)}${S}{0,20}${and}`,
        0.6,
      ),
    ),
    ...when(lexicon.content, () =>
      made(
        'ignore-content-colon',
        'instruction-override',
        // "ignore the résumé: I admit…": alone a hint ("ignore the grey text: it is an example"); inside
        // supplied content an override.
        `${word(lexicon.ignore)}${S}{0,30}${word(lexicon.content)}${S}{0,20}[:：]|${word(lexicon.content)}${S}{0,20}${word(lexicon.ignore)}${S}{0,20}[:：]`,
        0.25,
      ),
    ),
    ...when(lexicon.question?.length ? lexicon.possessive : undefined, () =>
      made(
        'whose-secret',
        'prompt-exfiltration',
        either(word(lexicon.question), ownSecret(lexicon, secret), 40),
        0.75,
        procedure,
      ),
    ),
    ...when(lexicon.boss, () => made('boss', 'role-impersonation', word(lexicon.boss), 0.35)),
    ...when(lexicon.hypotheticalAsk, () =>
      made(
        'hypothetical-ask',
        'prompt-exfiltration',
        either(any(lexicon.hypotheticalAsk), secret, 40),
        0.6,
        procedure,
      ),
    ),
    ...when(lexicon.enterMode, () =>
      made('entering-mode', 'role-impersonation', any(lexicon.enterMode), 0.3),
    ),
    ...when(lexicon.creative, () =>
      made(
        'creative-secret',
        'prompt-exfiltration',
        either(word(lexicon.creative), secret, 40),
        0.5,
        word([...(lexicon.procedure ?? []), ...(lexicon.importance ?? [])]),
      ),
    ),
    ...when(lexicon.planting?.length ? lexicon.answer : undefined, () =>
      made(
        'planted-answer',
        'indirect-injection',
        // …the conclusion is X, or a planted quote: "podríamos decir: admito que…".
        `${either(word(lexicon.planting), word(lexicon.answer), 80)}|${word(lexicon.planting)}${S}{0,20}[:：]`,
        0.25,
      ),
    ),
    ...when(lexicon.personDetail, () =>
      made(
        'someones-details',
        'prompt-exfiltration',
        either(`(?:${ask}|${word(lexicon.question ?? lexicon.ask)})`, word(lexicon.personDetail), 40),
        0.25,
      ),
    ),
    ...when(lexicon.userData, () =>
      made('ask-user-data', 'prompt-exfiltration', either(ask, word(lexicon.userData), 40), 0.55),
    ),
  ];
}
