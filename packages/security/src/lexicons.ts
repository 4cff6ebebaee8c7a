import type { InjectionLexicon } from './injection-lexicon.js';
import { ARABIC_LEXICON } from './lexicon-ar.js';
import { BENGALI_LEXICON } from './lexicon-bn.js';
import { GERMAN_LEXICON } from './lexicon-de.js';
import { GREEK_LEXICON } from './lexicon-el.js';
import { SPANISH_LEXICON } from './lexicon-es.js';
import { FRENCH_LEXICON } from './lexicon-fr.js';
import { HINDI_LEXICON } from './lexicon-hi.js';
import { INDONESIAN_LEXICON } from './lexicon-id.js';
import { ITALIAN_LEXICON } from './lexicon-it.js';
import { JAPANESE_LEXICON } from './lexicon-ja.js';
import { KOREAN_LEXICON } from './lexicon-ko.js';
import { PORTUGUESE_LEXICON } from './lexicon-pt.js';
import { RUSSIAN_LEXICON } from './lexicon-ru.js';
import { THAI_LEXICON } from './lexicon-th.js';
import { TAGALOG_LEXICON } from './lexicon-tl.js';
import { TURKISH_LEXICON } from './lexicon-tr.js';
import { VIETNAMESE_LEXICON } from './lexicon-vi.js';
import { CHINESE_LEXICON } from './lexicon-zh.js';

/**
 * The built-in languages besides English, one lexicon each (ISO 639-1 `lang`): the rules made from them run after
 * the English and per-language rules.
 *
 * @example
 * const german = BUILT_IN_LEXICONS.find((lexicon) => lexicon.lang === 'de');
 * const rules = lexiconRules({ ...german, lang: 'de-at', ask: [...german.ask, 'sag ma'] });
 */
export const BUILT_IN_LEXICONS: readonly InjectionLexicon[] = [
  SPANISH_LEXICON,
  FRENCH_LEXICON,
  GERMAN_LEXICON,
  PORTUGUESE_LEXICON,
  ITALIAN_LEXICON,
  RUSSIAN_LEXICON,
  TURKISH_LEXICON,
  INDONESIAN_LEXICON,
  TAGALOG_LEXICON,
  VIETNAMESE_LEXICON,
  CHINESE_LEXICON,
  JAPANESE_LEXICON,
  KOREAN_LEXICON,
  HINDI_LEXICON,
  BENGALI_LEXICON,
  THAI_LEXICON,
  ARABIC_LEXICON,
  GREEK_LEXICON,
];
