import { type InjectionRule, rule, W } from './injection-rule.js';

/**
 * The main phrasings in Hindi, Arabic, Thai, Bengali, Vietnamese, Turkish, Tagalog and Indonesian. */
export const MORE_LANGUAGE_RULES: readonly InjectionRule[] = [
  // Hindi
  rule(
    'hi.ignore',
    'instruction-override',
    `(?:पिछले|पहले के|ऊपर के|सभी)${W}{0,30}(?:निर्देशों|निर्देश|नियमों|आदेशों)${W}{0,20}(?:अनदेखा|नज़रअंदाज़|नजरअंदाज|भूल)|ऊपर (?:की|का|के) (?:अनदेखी|अनदेखा)|(?:पिछले|ऊपर के|पहले के) (?:सभी )?(?:कार्यों|कार्य|संदेशों)${W}{0,20}(?:अनदेखा|नज़रअंदाज़|भूल)`,
    0.8,
    'base',
  ),
  rule(
    'hi.secret',
    'prompt-exfiltration',
    `(?:आपका|अपना|हमारा|तुम्हारा|सिस्टम का)\\s?(?:पासवर्ड|गुप्त)|पासवर्ड${W}{0,20}(?:बताएं|बताइए|बताओ|साझा|दें|दीजिए)|गुप्त (?:कुंजी|कोड)|सिस्टम (?:मोड|प्रॉम्प्ट|निर्देश)|डेवलपर मोड`,
    0.25,
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
    'ar.secret',
    'prompt-exfiltration',
    `كلمة (?:المرور|السر)|(?:المفتاح|الرمز) السري|وضع (?:النظام|المطور)|موجه النظام|تعليمات النظام`,
    0.25,
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
    'th.secret',
    'prompt-exfiltration',
    `รหัสผ่าน(?:ของคุณ|ของเรา|ของระบบ)|(?:บอก|เปิดเผย|แชร์)${W}{0,20}รหัสผ่าน|(?:คีย์|รหัส)ลับ|โหมด(?:ระบบ|นักพัฒนา)|พรอมต์ระบบ`,
    0.25,
    'base',
  ),
  // Bengali
  rule(
    'bn.ignore',
    'instruction-override',
    `(?:পূর্ববর্তী|আগের|উপরের|সমস্ত|সব)${W}{0,30}(?:নির্দেশাবলী|নির্দেশনা|নির্দেশ|নিয়ম)${W}{0,20}(?:উপেক্ষা|ভুলে)`,
    0.8,
    'base',
  ),
  rule(
    'bn.secret',
    'prompt-exfiltration',
    `(?:আপনার|তোমার|আমাদের|সিস্টেমের)\\s?পাসওয়ার্ড|পাসওয়ার্ড${W}{0,20}(?:বলুন|দিন|শেয়ার)|গোপন (?:কী|কোড)|সিস্টেম (?:মোড|প্রম্পট)`,
    0.25,
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
    'vi.secret',
    'prompt-exfiltration',
    `mật khẩu (?:của bạn|của chúng ta|hệ thống)|(?:khóa|mã) bí mật|chế độ (?:hệ thống|nhà phát triển)|lời nhắc hệ thống`,
    0.25,
    'base',
  ),
  // Turkish
  rule(
    'tr.ignore',
    'instruction-override',
    `\\b(?:önceki|yukarıdaki|tüm|bütün)\\b${W}{0,30}(?:talimatları|talimatlar|kuralları|komutları|yönergeleri)${W}{0,20}(?:göz ardı|yok say|unut|dikkate alma)`,
    0.8,
    'base',
  ),
  rule(
    'tr.secret',
    'prompt-exfiltration',
    `\\b(?:şifren|şifreniz|şifremiz|parolan|parolanız|parolamız|gizli anahtar|gizli kod)\\b|\\bsistem (?:modu|istemi|talimatları)\\b|\\bgeliştirici modu\\b`,
    0.25,
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
    'tl.secret',
    'prompt-exfiltration',
    `\\b(?:iyong|inyong|aming|ating|ang) password\\b|\\blihim na (?:susi|code)\\b|\\bsystem mode\\b`,
    0.25,
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
    'id.secret',
    'prompt-exfiltration',
    `\\b(?:kata sandi|sandi) (?:anda|kamu|kami|kita|sistem)\\b|\\b(?:kunci|kode) rahasia\\b|\\bmode (?:sistem|pengembang)\\b|\\bprompt sistem\\b`,
    0.25,
    'base',
  ),
];
