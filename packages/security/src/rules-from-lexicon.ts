/**
 * @module
 * One language's words for the things an injection names (ignore, instructions, password, system prompt…) turned
 * into the same rules for every language. A new language is a lexicon, not new rules.
 */
import { type InjectionRule, rule } from './injection-rule.js';

/**
 * A language's words, each entry a regular-expression fragment matched against the lowercased, NFKC-normalised
 * text. Stems are fine (`ignor` covers `ignora`, `ignoriere`); entries match anywhere inside a word in scripts
 * without spaces, and from a word start where `spaced` is set.
 *
 * @example
 * const polish: InjectionLexicon = {
 *   lang: 'pl', spaced: true,
 *   ignore: ['zignoruj', 'zapomnij'], orders: ['instrukcj', 'polece'],
 *   ask: ['podaj', 'powiedz', 'pokaż'], negation: ['nie'], secret: ['hasł'],
 *   systemPrompt: ['prompt systemow'], encodings: ['świńska łacina'], modes: ['tryb boga'],
 *   authority: ['jestem twoim twórcą'], persona: ['od teraz jesteś'],
 *   imagine: ['wyobraź sobie'], personalData: ['dane osobowe'], madePublic: ['publiczn'],
 * };
 */
export interface InjectionLexicon {
  /** ISO 639-1 code; it prefixes the rule ids (`de.ignore-orders`). */
  readonly lang: string;
  /** Words are separated by spaces and a match must start a word (Latin, Cyrillic). */
  readonly spaced: boolean;
  /** Ignore, disregard, forget, skip. */
  readonly ignore: readonly string[];
  /** Instructions, rules, orders, guidelines, and "the above" / "previous tasks". */
  readonly orders: readonly string[];
  /** Tell, give, reveal, show, share, confirm, spell out. Requests only: "write" or "create" would flag coding tasks. */
  readonly ask: readonly string[];
  /** Words that negate an `ask` verb just before it ("never reveal"), so a system prompt's own rules do not match. */
  readonly negation: readonly string[];
  /** Negations that follow the verb in the same clause ("gib es nicht preis", "প্রকাশ করবেন না"). */
  readonly negationAfter?: readonly string[];
  /** Password, passphrase, passcode, secret key, confidential string. */
  readonly secret: readonly string[];
  /** System prompt, system instructions, initial or hidden instructions. */
  readonly systemPrompt: readonly string[];
  /** Encodings and word games that spell a secret out: pig latin, leetspeak, Morse, acrostic, reversed. */
  readonly encodings: readonly string[];
  /** Modes a user claims to switch on: god, maintenance, override, unrestricted, jailbreak. */
  readonly modes: readonly string[];
  /** Claims of authority: "as your creator", "I am your developer", "as an AI developed by…". */
  readonly authority: readonly string[];
  /** "As your boss": a claim that is only a hint alone (a real boss writes it too), beside a request it counts. */
  readonly boss?: readonly string[];
  /** Persona jailbreaks: "from now on you are", "without restrictions", "do anything now". */
  readonly persona: readonly string[];
  /** The supplied content a task is about: the document, data, text, résumé, function, page, table. */
  readonly content?: readonly string[];
  /** "And", "then": what follows "ignore the document" when an attack goes on to say what to do instead. */
  readonly and?: readonly string[];
  /** "What is", asked of a secret: paired with a possessive, "what is your password" (not "what is a strong one"). */
  readonly question?: readonly string[];
  /** Possessives that point a secret at the model or the system: your, our, the system's. */
  readonly possessive?: readonly string[];
  /** Poem, haiku, song, story: a creative form that makes a model spell a secret out. */
  readonly creative?: readonly string[];
  /** "If I asked you for", paired with a secret: the hypothetical ask. */
  readonly hypotheticalAsk?: readonly string[];
  /** "I am entering … mode", in the first person: a user announcing a mode the model should be in. */
  readonly enterMode?: readonly string[];
  /** A user's or customer's e-mail, address or data, asked for on someone's behalf. */
  readonly userData?: readonly string[];
  /** A counterfactual frame that re-states a fact: "let's say", "we might state", "in a parallel universe". */
  readonly planting?: readonly string[];
  /** What a planted answer re-states: the conclusion, capital, sum, output, result, answer. */
  readonly answer?: readonly string[];
  /** Someone's birth date, e-mail address, city of residence or phone number: asked for, a hint. */
  readonly personDetail?: readonly string[];
  /**
   * How-to and policy words (how, steps, reset, change, strong, policy): a request for the secret beside them asks
   * for a procedure ("show me how to reset the password"), and is passed over.
   */
  readonly procedure?: readonly string[];
  /** Importance, security, safety: a poem about the password's importance is not one that spells it out. */
  readonly importance?: readonly string[];
  /** First-person possessives ("my", "our"): "ignore my previous instructions" is a user changing their mind. */
  readonly mine?: readonly string[];
  /** Self-correction ("my mistake", "sorry, wrong file"): "ignore the above, my mistake" takes one's own words back. */
  readonly oops?: readonly string[];
  /** "Do anything now": the DAN jailbreak's name for itself, strong alone. */
  readonly doAnythingNow?: readonly string[];
  /** "Without restrictions", "no censorship": a persona's licence, a hint that counts beside "from now on you are". */
  readonly noLimits?: readonly string[];
  /** Hypothetical framing: imagine, suppose, in this world, scenario. */
  readonly imagine: readonly string[];
  /** Personal data, private information, privacy. */
  readonly personalData: readonly string[];
  /** Made public: public, shared, the norm, freely, currency. */
  readonly madePublic: readonly string[];
}

/** Within one sentence, in any script (the Devanagari danda and CJK full stops end sentences too). */
const S = '[^.!?\\n।。！？]';

// Fragments are normalised as the text is (NFKC: Thai ำ splits in two, full-width commas become commas).
const any = (words: readonly string[]) => `(?:${words.map((word) => word.normalize('NFKC')).join('|')})`;
const either = (a: string, b: string, gap: number) => `(?:${a}${S}{0,${gap}}${b}|${b}${S}{0,${gap}}${a})`;

/**
 * A secret with a possessive next to it ("your password", "पासवर्ड ... आपका"), up to three words ("हमारे सिस्टम के लिए पासवर्ड") or three characters apart; a
 * stem's ending may come between ("κωδικός πρόσβασής σου").
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
  const word = (words: readonly string[]) =>
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
  const made = (
    name: string,
    category: InjectionRule['category'],
    source: string,
    weight: number,
    unless?: string,
  ) => rule(`${lexicon.lang}.${name}`, category, source, weight, 'base', unless);
  return [
    made(
      'ignore-orders',
      'instruction-override',
      either(word(lexicon.ignore), word(lexicon.orders), 40),
      0.85,
      [
        ...(lexicon.mine?.length
          ? [
              `${any(lexicon.mine)}${S}{0,20}${any(lexicon.orders)}|${any(lexicon.orders)}${S}{0,8}${any(lexicon.mine)}`,
            ]
          : []),
        ...(lexicon.oops?.length ? [any(lexicon.oops)] : []),
      ].join('|') || undefined,
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
    // "From now on you are the project lead" and "no restrictions on file size" are everyday: hints that count
    // together; "do anything now" counts alone.
    made('persona', 'jailbreak-persona', word(lexicon.persona), 0.35),
    ...(lexicon.noLimits?.length
      ? [made('no-limits', 'jailbreak-persona', word(lexicon.noLimits), 0.35)]
      : []),
    ...(lexicon.doAnythingNow?.length
      ? [made('do-anything-now', 'jailbreak-persona', any(lexicon.doAnythingNow), 0.7)]
      : []),
    // The framing may come before or after (Japanese puts 想像 last), within 120 characters: a rule must fit the
    // 400-character window the matcher gates long texts by. Alone a hint (an essay prompt reads the same); beside a
    // request for someone's details it counts.
    made(
      'open-world',
      'jailbreak-persona',
      `${either(`(?:${any(lexicon.personalData)}|${any(lexicon.secret)})`, any(lexicon.madePublic), 40)}(?:(?<=${any(lexicon.imagine)}[^\\n]{0,120})|(?=[^\\n]{0,120}${any(lexicon.imagine)}))`,
      0.3,
    ),
    ...(lexicon.content?.length && lexicon.and?.length
      ? [
          made(
            'ignore-content',
            'instruction-override',
            // "ignore the résumé and …", and object-first languages: "내용은 무시하고", "सामग्री को अनदेखा करें और".
            `${word(lexicon.ignore)}${S}{0,30}${word(lexicon.content)}${S}{0,30}${and}|${word(lexicon.content)}${S}{0,20}${word(lexicon.ignore)}${S}{0,20}${and}`,
            0.6,
          ),
        ]
      : []),
    ...(lexicon.content?.length
      ? [
          made(
            'ignore-content-colon',
            'instruction-override',
            // "ignore the résumé: I admit…": alone a hint ("ignore the grey text: it is an example"); inside
            // supplied content an override.
            `${word(lexicon.ignore)}${S}{0,30}${word(lexicon.content)}${S}{0,20}[:：]|${word(lexicon.content)}${S}{0,20}${word(lexicon.ignore)}${S}{0,20}[:：]`,
            0.25,
          ),
        ]
      : []),
    ...(lexicon.question?.length && lexicon.possessive?.length
      ? [
          made(
            'whose-secret',
            'prompt-exfiltration',
            either(word(lexicon.question), ownSecret(lexicon, secret), 40),
            0.75,
            procedure,
          ),
        ]
      : []),
    ...(lexicon.boss?.length ? [made('boss', 'role-impersonation', word(lexicon.boss), 0.35)] : []),
    ...(lexicon.hypotheticalAsk?.length
      ? [
          made(
            'hypothetical-ask',
            'prompt-exfiltration',
            either(any(lexicon.hypotheticalAsk), secret, 40),
            0.6,
          ),
        ]
      : []),
    ...(lexicon.enterMode?.length
      ? [made('entering-mode', 'role-impersonation', any(lexicon.enterMode), 0.3)]
      : []),
    ...(lexicon.creative?.length
      ? [
          made(
            'creative-secret',
            'prompt-exfiltration',
            either(word(lexicon.creative), secret, 40),
            0.5,
            word([...(lexicon.procedure ?? []), ...(lexicon.importance ?? [])]),
          ),
        ]
      : []),
    ...(lexicon.planting?.length && lexicon.answer?.length
      ? [
          made(
            'planted-answer',
            'indirect-injection',
            // …the conclusion is X, or a planted quote: "podríamos decir: admito que…".
            `${either(word(lexicon.planting), word(lexicon.answer), 80)}|${word(lexicon.planting)}${S}{0,20}[:：]`,
            0.25,
          ),
        ]
      : []),
    ...(lexicon.personDetail?.length
      ? [
          made(
            'someones-details',
            'prompt-exfiltration',
            either(`(?:${ask}|${word(lexicon.question ?? lexicon.ask)})`, word(lexicon.personDetail), 40),
            0.25,
          ),
        ]
      : []),
    ...(lexicon.userData?.length
      ? [made('ask-user-data', 'prompt-exfiltration', either(ask, word(lexicon.userData), 40), 0.55)]
      : []),
  ];
}
