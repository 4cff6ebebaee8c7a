import type { InjectionLexicon } from './injection-lexicon.js';
import { ARABIC_LEXICON } from './lexicons/ar.js';
import { BENGALI_LEXICON } from './lexicons/bn.js';
import { CZECH_LEXICON } from './lexicons/cs.js';
import { DANISH_LEXICON } from './lexicons/da.js';
import { GERMAN_LEXICON } from './lexicons/de.js';
import { GREEK_LEXICON } from './lexicons/el.js';
import { SPANISH_LEXICON } from './lexicons/es.js';
import { PERSIAN_LEXICON } from './lexicons/fa.js';
import { FINNISH_LEXICON } from './lexicons/fi.js';
import { FRENCH_LEXICON } from './lexicons/fr.js';
import { HEBREW_LEXICON } from './lexicons/he.js';
import { HINDI_LEXICON } from './lexicons/hi.js';
import { HUNGARIAN_LEXICON } from './lexicons/hu.js';
import { INDONESIAN_LEXICON } from './lexicons/id.js';
import { ITALIAN_LEXICON } from './lexicons/it.js';
import { JAPANESE_LEXICON } from './lexicons/ja.js';
import { KOREAN_LEXICON } from './lexicons/ko.js';
import { DUTCH_LEXICON } from './lexicons/nl.js';
import { POLISH_LEXICON } from './lexicons/pl.js';
import { PORTUGUESE_LEXICON } from './lexicons/pt.js';
import { ROMANIAN_LEXICON } from './lexicons/ro.js';
import { RUSSIAN_LEXICON } from './lexicons/ru.js';
import { SWEDISH_LEXICON } from './lexicons/sv.js';
import { THAI_LEXICON } from './lexicons/th.js';
import { TAGALOG_LEXICON } from './lexicons/tl.js';
import { TURKISH_LEXICON } from './lexicons/tr.js';
import { UKRAINIAN_LEXICON } from './lexicons/uk.js';
import { VIETNAMESE_LEXICON } from './lexicons/vi.js';
import { CHINESE_LEXICON } from './lexicons/zh.js';

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
  DUTCH_LEXICON,
  POLISH_LEXICON,
  UKRAINIAN_LEXICON,
  SWEDISH_LEXICON,
  DANISH_LEXICON,
  CZECH_LEXICON,
  ROMANIAN_LEXICON,
  FINNISH_LEXICON,
  HUNGARIAN_LEXICON,
  HEBREW_LEXICON,
  PERSIAN_LEXICON,
];
