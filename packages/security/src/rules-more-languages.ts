import { type InjectionRule, rule, W } from './injection-rule.js';

/** The main phrasings in Hindi, Arabic, Thai, Bengali, Vietnamese, Turkish, Tagalog and Indonesian. */
export const MORE_LANGUAGE_RULES: readonly InjectionRule[] = [
  // Hindi
  rule(
    'hi.ignore',
    'instruction-override',
    `(?:पिछले|पहले के|ऊपर के|सभी)${W}{0,30}(?:निर्देशों|निर्देश|नियमों|आदेशों)${W}{0,20}(?:अनदेखा|नज़रअंदाज़|नजरअंदाज|भूल)|अनदेखा करें|अनदेखा करो|नज़रअंदाज़ करें|भूल जाओ|ऊपर (?:की|का|के) (?:अनदेखी|अनदेखा)|(?:पिछले|ऊपर के|पहले के) (?:सभी )?(?:कार्यों|कार्य|संदेशों)${W}{0,20}(?:अनदेखा|नज़रअंदाज़|भूल)`,
    0.8,
    'base',
  ),
  rule(
    'hi.secret-ask',
    'prompt-exfiltration',
    `(?:बताएं|बताइए|बताओ|बता दें|दें|दीजिए|दो|साझा करें|साझा करो|क्या है|दिखाएं|दिखाओ)${W}{0,40}(?:पासवर्ड|गुप्त|सिस्टम प्रॉम्प्ट)|(?:पासवर्ड|गुप्त|सिस्टम प्रॉम्प्ट)${W}{0,30}(?:बता|दे[ंत]|दीजिए|दो|साझा|क्या है|क्या होगा|दिखा|कविता|हाइकु|क्रोस्टिक|एन्कोड)`,
    0.75,
    'base',
  ),
  rule(
    'hi.secret',
    'prompt-exfiltration',
    `(?:आपका|अपना|हमारा|तुम्हारा|सिस्टम का)\\s?(?:पासवर्ड|गुप्त)|पासवर्ड${W}{0,20}(?:बताएं|बताइए|बताओ|साझा|दें|दीजिए)|गुप्त (?:कुंजी|कोड)|सिस्टम (?:मोड|प्रॉम्प्ट|निर्देश)|डेवलपर मोड`,
    0.4,
    'base',
  ),
  // Arabic
  rule(
    'ar.ignore',
    'instruction-override',
    `(?:تجاهل|تجاهلي|تجاهلوا|انس|إنس|انسى|لا تتبع)${W}{0,30}(?:التعليمات|الإرشادات|القواعد|الأوامر|ما سبق|السابقة)`,
    0.85,
    'base',
  ),
  rule(
    'ar.secret-ask',
    'prompt-exfiltration',
    `(?:أخبرني|اخبرني|أعطني|اعطني|شارك|ما هي|ما هو|اكشف لي|أظهر لي|قل لي)${W}{0,40}(?:كلمة المرور|كلمة السر|المفتاح السري|الرمز السري|تعليمات النظام)|(?:كلمة المرور|كلمة السر|المفتاح السري|الرمز السري|تعليمات النظام)${W}{0,30}(?:أخبرني|اخبرني|أعطني|اعطني|شارك|ما هي|ما هو|اكشف لي|أظهر لي|قل لي)`,
    0.75,
    'base',
  ),
  rule(
    'ar.secret',
    'prompt-exfiltration',
    `كلمة (?:المرور|السر)|(?:المفتاح|الرمز) السري|وضع (?:النظام|المطور)|موجه النظام|تعليمات النظام`,
    0.4,
    'base',
  ),
  // Thai
  rule(
    'th.ignore',
    'instruction-override',
    `(?:เพิกเฉย|ละเว้น|ไม่ต้องสนใจ|ลืม|ไม่สนใจ)${W}{0,30}(?:คำสั่ง|คำแนะนำ|กฎ|ข้างต้น|ก่อนหน้า)`,
    0.85,
    'base',
  ),
  rule(
    'th.secret-ask',
    'prompt-exfiltration',
    `(?:บอก|แชร์|คืออะไร|ให้ฉัน|ขอ)${W}{0,40}(?:รหัสผ่าน|รหัสลับ|คีย์ลับ|พรอมต์ระบบ)|(?:รหัสผ่าน|รหัสลับ|คีย์ลับ|พรอมต์ระบบ)${W}{0,30}(?:บอก|แชร์|คืออะไร|ให้ฉัน|ขอ)`,
    0.75,
    'base',
  ),
  rule(
    'th.secret',
    'prompt-exfiltration',
    `รหัสผ่าน(?:ของคุณ|ของเรา|ของระบบ)|(?:บอก|เปิดเผย|แชร์)${W}{0,20}รหัสผ่าน|(?:คีย์|รหัส)ลับ|โหมด(?:ระบบ|นักพัฒนา)|พรอมต์ระบบ`,
    0.4,
    'base',
  ),
  // Bengali
  rule(
    'bn.ignore',
    'instruction-override',
    `(?:পূর্ববর্তী|আগের|উপরের|সমস্ত|সব)${W}{0,30}(?:নির্দেশাবলী|নির্দেশনা|নির্দেশ|নিয়ম)${W}{0,20}(?:উপেক্ষা|ভুলে)|উপেক্ষা করুন|উপেক্ষা কর`,
    0.8,
    'base',
  ),
  rule(
    'bn.secret-ask',
    'prompt-exfiltration',
    `(?:বলুন|বলো|দিন|দাও|শেয়ার করুন|কী|কি|দেখান)${W}{0,40}(?:পাসওয়ার্ড|গোপন|সিস্টেম প্রম্পট)|(?:পাসওয়ার্ড|গোপন|সিস্টেম প্রম্পট)${W}{0,30}(?:বলুন|বলো|দিন|দাও|শেয়ার করুন|কী|কি|দেখান)`,
    0.75,
    'base',
  ),
  rule(
    'bn.secret',
    'prompt-exfiltration',
    `(?:আপনার|তোমার|আমাদের|সিস্টেমের)\\s?পাসওয়ার্ড|পাসওয়ার্ড${W}{0,20}(?:বলুন|দিন|শেয়ার)|গোপন (?:কী|কোড)|সিস্টেম (?:মোড|প্রম্পট)`,
    0.4,
    'base',
  ),
  // Vietnamese
  rule(
    'vi.ignore',
    'instruction-override',
    `\\b(?:bỏ qua|phớt lờ|quên|lờ đi|không cần tuân theo)\\b${W}{0,40}(?:hướng dẫn|chỉ dẫn|lệnh|quy tắc|chỉ thị|ở trên|trước đó)`,
    0.85,
    'base',
  ),
  rule(
    'vi.secret-ask',
    'prompt-exfiltration',
    `(?:cho tôi biết|cho biết|chia sẻ|tiết lộ cho|là gì|đưa cho tôi|nói cho tôi)${W}{0,40}(?:mật khẩu|khóa bí mật|mã bí mật|lời nhắc hệ thống)|(?:mật khẩu|khóa bí mật|mã bí mật|lời nhắc hệ thống)${W}{0,30}(?:cho tôi biết|cho biết|chia sẻ|tiết lộ cho|là gì|đưa cho tôi|nói cho tôi)`,
    0.75,
    'base',
  ),
  rule(
    'vi.secret',
    'prompt-exfiltration',
    `mật khẩu (?:của bạn|của chúng ta|hệ thống)|(?:khóa|mã) bí mật|chế độ (?:hệ thống|nhà phát triển)|lời nhắc hệ thống`,
    0.4,
    'base',
  ),
  // Turkish
  rule(
    'tr.ignore',
    'instruction-override',
    `\\b(?:önceki|yukarıdaki|tüm|bütün)\\b${W}{0,30}(?:talimatları|talimatlar|kuralları|komutları|yönergeleri)${W}{0,20}(?:göz ardı|yok say|unut|dikkate alma)|\\b(?:göz ardı et|yok say)\\b`,
    0.8,
    'base',
  ),
  rule(
    'tr.secret-ask',
    'prompt-exfiltration',
    `(?:söyle|söyler misin|ver|verir misin|paylaş|nedir|göster|bana)${W}{0,40}(?:şifre|parola|gizli anahtar|gizli kod|sistem istemi)|(?:şifre|parola|gizli anahtar|gizli kod|sistem istemi)${W}{0,30}(?:söyle|söyler misin|ver|verir misin|paylaş|nedir|göster|bana)`,
    0.75,
    'base',
  ),
  rule(
    'tr.secret',
    'prompt-exfiltration',
    `\\b(?:şifren|şifreniz|şifremiz|parolan|parolanız|parolamız|gizli anahtar|gizli kod)\\b|\\bsistem (?:modu|istemi|talimatları)\\b|\\bgeliştirici modu\\b`,
    0.4,
    'base',
  ),
  // Tagalog
  rule(
    'tl.ignore',
    'instruction-override',
    `\\b(?:huwag pansinin|balewalain|kalimutan|huwag sundin)\\b${W}{0,40}\\b(?:tagubilin|instruksyon|panuto|mga utos|patakaran|nakaraang|naunang|nasa itaas)`,
    0.85,
    'base',
  ),
  rule(
    'tl.secret-ask',
    'prompt-exfiltration',
    `(?:sabihin|sabihin mo|ibigay|ibigay mo|ibahagi|ano ang)${W}{0,40}(?:password|lihim na susi|lihim na code)|(?:password|lihim na susi|lihim na code)${W}{0,30}(?:sabihin|sabihin mo|ibigay|ibigay mo|ibahagi|ano ang)`,
    0.75,
    'base',
  ),
  rule(
    'tl.secret',
    'prompt-exfiltration',
    `\\b(?:iyong|inyong|aming|ating|ang) password\\b|\\blihim na (?:susi|code)\\b|\\bsystem mode\\b`,
    0.4,
    'base',
  ),
  // Indonesian
  rule(
    'id.ignore',
    'instruction-override',
    `\\b(?:abaikan|lupakan|jangan ikuti|jangan hiraukan)\\b${W}{0,40}\\b(?:instruksi|petunjuk|perintah|aturan|arahan|sebelumnya|di atas)\\b`,
    0.85,
    'base',
  ),
  rule(
    'id.secret-ask',
    'prompt-exfiltration',
    `(?:beritahu|beri tahu|berikan|bagikan|apa|tunjukkan|sebutkan|katakan)${W}{0,40}(?:kata sandi|sandi|kunci rahasia|kode rahasia|prompt sistem)|(?:kata sandi|sandi|kunci rahasia|kode rahasia|prompt sistem)${W}{0,30}(?:beritahu|beri tahu|berikan|bagikan|apa|tunjukkan|sebutkan|katakan)`,
    0.75,
    'base',
  ),
  rule(
    'id.secret',
    'prompt-exfiltration',
    `\\b(?:kata sandi|sandi) (?:anda|kamu|kami|kita|sistem)\\b|\\b(?:kunci|kode) rahasia\\b|\\bmode (?:sistem|pengembang)\\b|\\bprompt sistem\\b`,
    0.4,
    'base',
  ),
];
