import { type InjectionRule, rule, W } from '../injection-rule.js';

/**
 * The main phrasings in Hindi, Arabic, Thai, Bengali, Vietnamese, Turkish, Tagalog and Indonesian. */
export const MORE_LANGUAGE_RULES: readonly InjectionRule[] = [
  // Hindi
  rule(
    'hi.secret',
    'prompt-exfiltration',
    `(?:आपका|अपना|हमारा|तुम्हारा|सिस्टम का)\\s?(?:पासवर्ड|गुप्त)|पासवर्ड${W}{0,20}(?:बताएं|बताइए|बताओ|साझा|दें|दीजिए)|गुप्त (?:कुंजी|कोड)|सिस्टम (?:मोड|प्रॉम्प्ट|निर्देश)|डेवलपर मोड`,
    0.25,
    'base',
  ),
  // Arabic
  rule(
    'ar.secret',
    'prompt-exfiltration',
    `كلمة (?:المرور|السر)|(?:المفتاح|الرمز) السري|وضع (?:النظام|المطور)|موجه النظام|تعليمات النظام`,
    0.25,
    'base',
  ),
  // Thai
  rule(
    'th.secret',
    'prompt-exfiltration',
    `รหัสผ่าน(?:ของคุณ|ของเรา|ของระบบ)|(?:บอก|เปิดเผย|แชร์)${W}{0,20}รหัสผ่าน|(?:คีย์|รหัส)ลับ|โหมด(?:ระบบ|นักพัฒนา)|พรอมต์ระบบ`,
    0.25,
    'base',
  ),
  // Bengali
  rule(
    'bn.secret',
    'prompt-exfiltration',
    `(?:আপনার|তোমার|আমাদের|সিস্টেমের)\\s?পাসওয়ার্ড|পাসওয়ার্ড${W}{0,20}(?:বলুন|দিন|শেয়ার)|গোপন (?:কী|কোড)|সিস্টেম (?:মোড|প্রম্পট)`,
    0.25,
    'base',
  ),
  // Vietnamese
  rule(
    'vi.secret',
    'prompt-exfiltration',
    `mật khẩu (?:của bạn|của chúng ta|hệ thống)|(?:khóa|mã) bí mật|chế độ (?:hệ thống|nhà phát triển)|lời nhắc hệ thống`,
    0.25,
    'base',
  ),
  // Turkish
  rule(
    'tr.secret',
    'prompt-exfiltration',
    `\\b(?:şifren|şifreniz|şifremiz|parolan|parolanız|parolamız|gizli anahtar|gizli kod)\\b|\\bsistem (?:modu|istemi|talimatları)\\b|\\bgeliştirici modu\\b`,
    0.25,
    'base',
  ),
  // Tagalog
  rule(
    'tl.secret',
    'prompt-exfiltration',
    `\\b(?:iyong|inyong|aming|ating|ang) password\\b|\\blihim na (?:susi|code)\\b|\\bsystem mode\\b`,
    0.25,
    'base',
  ),
  // Indonesian
  rule(
    'id.secret',
    'prompt-exfiltration',
    `\\b(?:kata sandi|sandi) (?:anda|kamu|kami|kita|sistem)\\b|\\b(?:kunci|kode) rahasia\\b|\\bmode (?:sistem|pengembang)\\b|\\bprompt sistem\\b`,
    0.25,
    'base',
  ),
];
