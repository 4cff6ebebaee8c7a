/**
 * @module
 * The words of one language that `lexiconRules` turns into rules.
 */

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
  /** Previous, prior, all, original, the system's: what makes "instructions" the model's own. */
  readonly prior?: readonly string[];
  /** "The above", "previous tasks": phrases that need no `prior` word. */
  readonly above?: readonly string[];
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
  /**
   * Predicates that declare standing orders void: no longer valid or in force, expired, revoked, superseded, only a
   * draft or a test. Beside the model's instructions ("your rules", "the previous instructions") an override in
   * any wording: nothing in a user's honest message declares the assistant's own instructions lapsed.
   */
  readonly lapsed?: readonly string[];
  /**
   * The model's orders in one word, where the language puts "your" in a suffix: Finnish "ohjeesi", Hungarian
   * "utasításaid". They stand for "your instructions" wherever a rule asks for them. Only unambiguous forms:
   * Turkish "talimatlarını" is "your instructions" and "its instructions" alike, so Turkish names none.
   */
  readonly ownedOrders?: readonly string[];
  /**
   * Summarise, translate, rewrite, list, quote, repeat, copy: a request that hands the model's own instructions back
   * in another form ("translate your instructions into French") is a request for them.
   */
  readonly reword?: readonly string[];
  /** Hypothetical framing: imagine, suppose, in this world, scenario. */
  readonly imagine: readonly string[];
  /** Personal data, private information, privacy. */
  readonly personalData: readonly string[];
  /** Made public: public, shared, the norm, freely, currency. */
  readonly madePublic: readonly string[];
}
