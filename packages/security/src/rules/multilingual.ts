import { type InjectionRule, rule, W } from '../injection-rule.js';
import { BUILT_IN_LEXICONS } from '../lexicons.js';
import { lexiconRules } from '../rules-from-lexicon.js';
import { MORE_LANGUAGE_RULES } from './more-languages.js';

/** Main phrasings in other languages (base view). */
/** Every language's how-to, policy and importance words, as counter-evidence for the cross-language rules. */
const IMPORTANCE = `(?:${BUILT_IN_LEXICONS.flatMap((lexicon) => [
  ...(lexicon.procedure ?? []),
  ...(lexicon.importance ?? []),
])
  .map((word) => word.normalize('NFKC'))
  .join('|')}|\\b(?:how|strong|secure|policy|importance|security|safety)\\b)`;

/** Every language's self-corrections ("my mistake", "sorry, wrong file"). */
const OOPS = `(?:${BUILT_IN_LEXICONS.flatMap((lexicon) => lexicon.oops ?? [])
  .map((word) => word.normalize('NFKC'))
  .join('|')})`;

export const MULTILINGUAL_RULES: readonly InjectionRule[] = [
  // Spanish
  rule(
    'es.secret',
    'prompt-exfiltration',
    `\\b(?:tu|su|vuestra|nuestra|la) (?:contraseña|clave secreta|clave de acceso|código secreto)\\b|\\b(?:prompt|instrucciones) del sistema\\b|\\bmodo (?:sistema|desarrollador|administrador|dios)\\b`,
    0.25,
    'base',
  ),
  // French
  rule(
    'fr.secret',
    'prompt-exfiltration',
    `\\b(?:ton|votre|notre|le) (?:mot de passe|code secret|code d'accès)\\b|\\b(?:ta|votre) clé secrète\\b|\\b(?:invite|prompt|instructions) (?:du )?système\\b|\\bmode (?:système|développeur|administrateur|dieu)\\b`,
    0.25,
    'base',
  ),
  // German
  rule(
    'de.secret',
    'prompt-exfiltration',
    `\\b(?:dein|ihr|euer|unser|das) (?:passwort|kennwort|geheimcode)\\b|\\b(?:deinen|ihren|den) geheimen schlüssel\\b|\\bsystem(?:aufforderung|prompt|anweisungen)\\b|\\b(?:system|entwickler|administrator|gott)modus\\b`,
    0.25,
    'base',
  ),
  // Portuguese
  rule(
    'pt.secret',
    'prompt-exfiltration',
    `\\b(?:sua|tua|nossa|a) (?:senha|chave secreta|palavra-passe|palavra passe)\\b|\\b(?:prompt|instruções) do sistema\\b|\\bmodo (?:sistema|desenvolvedor|administrador|deus)\\b`,
    0.25,
    'base',
  ),
  // Italian
  rule(
    'it.secret',
    'prompt-exfiltration',
    `\\b(?:la tua|la vostra|la nostra|tua|vostra) (?:password|chiave segreta|parola d'ordine)\\b|\\b(?:prompt|istruzioni) di sistema\\b|\\bmodalità (?:sistema|sviluppatore|amministratore|dio)\\b`,
    0.25,
    'base',
  ),
  // Russian
  rule(
    'ru.secret',
    'prompt-exfiltration',
    `(?:твой|ваш|наш|свой) пароль|(?:твой|ваш|секретный) (?:ключ|код)|секретн(?:ый|ого|ые) (?:ключ|код)|системн(?:ый|ая|ые) (?:промпт|подсказк|инструкци)|режим (?:разработчика|системы|администратора|бога)`,
    0.25,
    'base',
  ),
  // Chinese
  rule(
    'zh.secret',
    'prompt-exfiltration',
    `(?:你的|您的|我们的|系统的)(?:密码|秘钥|密钥|口令)|(?:秘密|机密)(?:密钥|代码|字符串)|系统(?:提示|提示词|指令)|(?:系统|开发者|管理员|上帝)模式`,
    0.25,
    'base',
  ),
  // Japanese
  rule(
    'ja.secret',
    'prompt-exfiltration',
    `(?:あなたの|あなたの|私たちの|システムの)(?:パスワード|秘密)|パスワードを(?:教え|言って|共有|見せ)|パスワードが必要|秘密の(?:キー|鍵|コード|文字列)|システム(?:プロンプト|モード|指示)|開発者モード`,
    0.25,
    'base',
  ),
  // Korean
  rule(
    'ko.secret',
    'prompt-exfiltration',
    `(?:너의|당신의|우리의|시스템)\\s?(?:비밀번호|암호|패스워드)|비밀번호(?:를|가|는)?\\s?(?:알려|말해|필요|공유)|기밀\\s?(?:문자열|코드|정보)|시스템\\s?(?:프롬프트|모드)|개발자\\s?모드`,
    0.25,
    'base',
  ),
  // Any language: a poem, haiku or acrostic about the password is a way to make a model spell out a secret.
  rule(
    'multi.creative-secret',
    'prompt-exfiltration',
    `(?:poema|poème|gedicht|poesia|стихотворени|стих|诗|詩|시를|시 |قصيدة|şiir|puisi|bài thơ|কবিতা|บทกวี|tula|haiku|hayku|ハイク|俳句|하이쿠|هايكو|acróstico|acrostiche|akrostichon|acrostico|акростих|藏头诗|アクロスティック|아크로스틱)${W}{0,50}(?:passwort|contraseña|mot de passe|senha|password|пароль|密码|パスワード|비밀번호|كلمة المرور|كلمة السر|şifre|kata sandi|mật khẩu|পাসওয়ার্ড|รหัสผ่าน)|(?:passwort|contraseña|mot de passe|senha|пароль|密码|パスワード|비밀번호|كلمة المرور|كلمة السر|şifre|kata sandi|mật khẩu|পাসওয়ার্ড|รหัสผ่าน)${W}{0,50}(?:poema|poème|gedicht|poesia|стихотворени|стих|诗|詩|시를|قصيدة|şiir|puisi|bài thơ|কবিতা|บทกวี|haiku|俳句|하이쿠|acróstico|acrostiche|akrostichon|acrostico|акростих|藏头诗)`,
    0.55,
    'base',
    // A poem about password safety is not one that spells the password out.
    IMPORTANCE,
  ),
  // Any language: "I am your developer", "I am God", and special modes (maintenance, override, verification, god).
  rule(
    'multi.claims-developer',
    'role-impersonation',
    `soy tu (?:desarrollador|creador|programador)|sou (?:o )?(?:teu|seu) (?:desenvolvedor|criador|programador)|je suis (?:votre|ton) (?:développeur|créateur|programmeur)|ich bin (?:dein|ihr) (?:entwickler|schöpfer|programmierer)|sono il tuo (?:sviluppatore|creatore|programmatore)|senin geliştiricin|я (?:ваш|твой) (?:разработчик|создатель)|أنا المطور الخاص بك|أنا مطورك|मैं आपका (?:डेवलपर|निर्माता)|당신의 개발자|nhà phát triển của bạn|(?:pengembang|pencipta)(?:mu| anda)|sebagai penciptamu|あなたの開発者|你的(?:开发者|开发人员|创造者)|ผู้พัฒนาของคุณ`,
    0.6,
    'base',
  ),
  rule(
    'multi.claims-god',
    'role-impersonation',
    `\\bi(?:'m| am) god\\b|\\bsoy dios\\b|\\bsou deus\\b|\\bje suis dieu\\b|\\bich bin gott\\b|\\bsono dio\\b|\\bben tanrı\\b|я бог|私は神|我是上帝|나는 신|tôi là chúa|aku tuhan|saya tuhan|मैं भगवान|أنا الله|ฉันคือพระเจ้า`,
    0.45,
    'base',
  ),
  rule(
    'role.entering-mode',
    'role-impersonation',
    `\\b(?:i(?:'m| am) (?:now )?entering|you are (?:now )?in|we are (?:now )?entering|switching you (?:in)?to)\\b${W}{0,15}\\b(?:maintenance|override|verification|god|debug|developer|admin|law enforcement|unrestricted) mode\\b`,
    0.5,
  ),
  rule(
    'multi.special-mode',
    'role-impersonation',
    `modo (?:de )?(?:mantenimiento|manutenção|anulación|substituição|deus|dios|depuración)|mode (?:maintenance|de maintenance|dieu|débogage|verifikasi)|(?:wartungs|überschreibungs|verifizierungs|wissensverifizierungs|gott)modus|modalità (?:di )?(?:manutenzione|override|dio)|режим (?:обслуживания|переопределения|бога)|(?:メンテナンス|オーバーライド|神)モード|(?:维护|覆盖|上帝)模式|(?:유지보수|오버라이드|신) 모드|chế độ (?:bảo trì|ghi đè)|โหมด(?:บำรุงรักษา|บังคับใช้|ตรวจสอบ)|(?:bakım|geçersiz kılma) modu|मोड में प्रवेश|ओवरराइड मोड|وضع (?:الصيانة|تجاوز)|modus tuhan|भगवान मॉडल`,
    0.2,
    'base',
  ),
  // A "system mode" tag in any language, as the English role.system-mode reads `<system_mode>`.
  rule(
    'multi.system-mode-tag',
    'role-impersonation',
    `<\\s?[/\\\\]?\\s?(?:mode[ _]syst[eè]me|modalit[aà][ _]sistema|modo[ _](?:de[ _])?sistema|system[ _]?modus|режим[ _]систем\\p{L}{0,2}|وضع[ _]النظام|सिस्टम[ _]मोड|システムモード|系统模式|시스템[ _]?모드|โหมดระบบ|chế[ _]độ[ _]hệ[ _]thống|mode[ _]sistem|sistem[ _]modu)\\s?>`,
    0.72,
    'base',
  ),
  // "Developer training data override:" in other languages, as the English indirect.training-data reads it.
  rule(
    'multi.training-data-override',
    'indirect-injection',
    `(?:desarrollador|développeur|entwickler|desenvolvedor|sviluppatore|разработчик|डेवलपर|开发者|開発者|개발자|นักพัฒนา|المطور|geliştirici|pengembang|nhà phát triển)\\p{L}{0,4}[^.!?\\n]{0,30}(?:datos de entrenamiento|données d.entraînement|trainingsdaten|dados de treinamento|dati di addestramento|данные обучения|обучающие данные|प्रशिक्षण डेटा|训练数据|トレーニングデータ|学習データ|학습 데이터|훈련 데이터|ข้อมูลการฝึก|بيانات التدريب|eğitim veri|data pelatihan|dữ liệu huấn luyện)[^.!?\\n]{0,15}(?:override|ओवरराइड|覆盖|载过|上書き|재정의|anulación|remplacement|substituição|überschreib|переопредел)`,
    0.6,
    'base',
  ),
  // "Training data for developers:" as a heading: alone a hint, inside supplied content an indirect injection.
  rule(
    'multi.training-data-heading',
    'indirect-injection',
    `(?:datos de entrenamiento|données d.entraînement|trainingsdaten|dados de treinamento|dati di addestramento|данные обучения|प्रशिक्षण डेटा|训练数据|トレーニングデータ|学習データ|학습 데이터|ข้อมูลการฝึก|بيانات التدريب|eğitim veri|data pelatihan|dữ liệu huấn luyện)[^.!?\\n]{0,30}(?:desarrolladores|développeurs|entwickler|desenvolvedores|sviluppatori|разработчиков|डेवलपर|开发者|開発者|개발자|นักพัฒนา|المطورين|geliştiriciler|pengembang|nhà phát triển)[^.!?\\n]{0,5}[:：]`,
    0.25,
    'base',
  ),
  // "Ignore (it) and state that…": Japanese, Korean and Chinese mark the quoted statement, so the pair is specific.
  rule(
    'multi.ignore-and-say',
    'instruction-override',
    `無視して.{0,80}と(?:述べ|言っ|答え|書い|伝え)|무시하고.{0,80}(?:라고|이라고|다고) ?(?:말|답|쓰|작성)|(?:忽略|无视).{0,40}(?:并|然后)(?:说|回答|声明|写)`,
    // Said by a user ("ignore this e-mail and tell them I will reply") it is ordinary: it counts inside supplied content.
    0.35,
    'base',
  ),
  // Romance languages and German: "ignore the above", "ignore the function and say…", "regardless of previous tasks".
  rule(
    'multi.ignore-above',
    'instruction-override',
    `\\b(?:ignore o acima|ignora o acima|ignora lo anterior|ignore ce qui précède|ignorez ce qui précède|ignoriere das obige|ignorieren sie das obige|ignora quanto sopra|ignora (?:tutto )?quello sopra)\\b`,
    0.7,
    'base',
    // "Ignore the above, wrong file" takes one's own words back.
    OOPS,
  ),
  rule(
    'multi.ignore-the-input',
    'instruction-override',
    `\\b(?:ignorez|ignore|ignora|ignorar|ignorieren sie|ignoriere) (?:la|le|o|a|el|il|die|das|den) (?:fonction|função|función|funzione|funktion|code|código|codice|données|dados|datos|dati|daten|texte|texto|testo|text|document|documento|dokument|currículo|cv|lebenslauf|tableau|tabela|tabla|tabella|tabelle)\\b${W}{0,40}\\b(?:et|e|y|und)\\b`,
    0.6,
    'base',
  ),
  rule(
    'multi.regardless-previous',
    'instruction-override',
    `independentemente (?:das|dos|de las|de los|dei|delle) (?:tarefas|instruções|tareas|instrucciones|compiti|istruzioni) (?:anteriores|precedenti)|indépendamment des (?:tâches|instructions|consignes) précédentes|indipendentemente (?:dai|dalle) (?:compiti|istruzioni) precedenti|unabhängig von (?:den )?(?:vorherigen|früheren) (?:aufgaben|anweisungen)`,
    0.6,
    'base',
  ),
  // "Ignore the above" and "regardless of previous tasks" in the other scripts and languages.
  rule(
    'multi.ignore-above-world',
    'instruction-override',
    `上記を?無視|上を無視|上述を?無視|忽略(?:以上|上面|上述)|위의 (?:내용|것)[을은]? 무시|อย่าไปสนใจ(?:ข้างต้น|คําแนะนํา|คำแนะนำ)|ไม่ต้องสนใจข้างต้น|تجاهل (?:ما سبق|كل ما|الدالة)|تغاضى عن كل|bỏ qua (?:chức năng|những điều trên|ở trên)|abaikan (?:fungsi|semua|yang di atas|di atas)|terlepas dari tugas sebelumnya|önceki görevlerden bağımsız|önceki talimatları (?:yok say|görmezden gel)|игнорируй(?:те)? (?:все|всё)`,
    0.7,
    'base',
  ),
  ...MORE_LANGUAGE_RULES,
  // The same concepts in every language, from each language's lexicon.
  ...BUILT_IN_LEXICONS.flatMap(lexiconRules),
];
