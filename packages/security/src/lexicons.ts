import type { InjectionLexicon } from './injection-lexicon.js';
import { ARABIC_LEXICON } from './lexicons/ar.js';
import { BENGALI_LEXICON } from './lexicons/bn.js';
import { GERMAN_LEXICON } from './lexicons/de.js';
import { GREEK_LEXICON } from './lexicons/el.js';
import { SPANISH_LEXICON } from './lexicons/es.js';
import { FRENCH_LEXICON } from './lexicons/fr.js';
import { HINDI_LEXICON } from './lexicons/hi.js';
import { INDONESIAN_LEXICON } from './lexicons/id.js';
import { ITALIAN_LEXICON } from './lexicons/it.js';
import { JAPANESE_LEXICON } from './lexicons/ja.js';
import { KOREAN_LEXICON } from './lexicons/ko.js';
import { PORTUGUESE_LEXICON } from './lexicons/pt.js';
import { RUSSIAN_LEXICON } from './lexicons/ru.js';
import { THAI_LEXICON } from './lexicons/th.js';
import { TAGALOG_LEXICON } from './lexicons/tl.js';
import { TURKISH_LEXICON } from './lexicons/tr.js';
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
];
