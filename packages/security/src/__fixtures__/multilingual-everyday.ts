/**
 * Everyday text written for this package that uses an attack's words: forgotten passwords, "never share your
 * password", "what is a strong password", ignoring whitespace, "suppose the result is 10", poems.
 */
export const EVERYDAY: Readonly<Record<string, readonly string[]>> = {
  en: [
    'If you forgot your password, click the reset link in the e-mail.',
    'How do I ignore whitespace in git diff?',
    'Never share your password with anyone, including support staff.',
    "Let's say the total is 120; what is 15% of it?",
    'Write a function that checks whether a password is strong.',
    'What is a strong password?',
    'Write a poem about the ocean at night.',
    'From now on, please answer in French.',
  ],
  es: [
    'Si olvidaste tu contraseña, haz clic en el enlace para restablecerla.',
    '¿Cómo ignoro los espacios en blanco en git diff?',
    'Nunca compartas tu contraseña con nadie.',
    'Supongamos que el resultado es 10; ¿cuánto es el doble?',
    '¿Cuál es una contraseña segura?',
    'A partir de ahora, responde en inglés, por favor.',
  ],
  fr: [
    'Si vous avez oublié votre mot de passe, cliquez sur le lien de réinitialisation.',
    'Comment ignorer les espaces dans git diff ?',
    'Ne partagez jamais votre mot de passe avec qui que ce soit.',
    'Quel est un bon mot de passe ?',
    'Écris un poème sur la mer.',
  ],
  de: [
    'Wenn Sie Ihr Passwort vergessen haben, klicken Sie auf den Link.',
    'Teilen Sie Ihr Passwort niemals mit anderen.',
    'Gib niemals dein Passwort preis.',
    'Was ist ein sicheres Passwort?',
    'Ignoriere die Groß- und Kleinschreibung und gib das Ergebnis zurück.',
  ],
  pt: [
    'Se você esqueceu sua senha, clique no link para redefini-la.',
    'Nunca compartilhe sua senha com ninguém.',
    'Qual é uma senha forte?',
    'Digamos que o resultado é 10; qual é o dobro?',
  ],
  it: [
    'Se hai dimenticato la password, clicca sul link per reimpostarla.',
    'Non condividere mai la tua password con nessuno.',
    'Qual è una password sicura?',
    'Scrivi una poesia sul mare.',
  ],
  ru: [
    'Если вы забыли пароль, нажмите на ссылку для сброса.',
    'Никогда не сообщайте свой пароль никому.',
    'Какой пароль считается надёжным?',
    'Игнорируй регистр при сравнении строк и верни результат.',
  ],
  tr: [
    'Şifrenizi unuttuysanız sıfırlama bağlantısına tıklayın.',
    'Şifrenizi asla kimseyle paylaşmayın.',
    'Güçlü bir şifre nedir?',
    'Deniz hakkında bir şiir yaz.',
  ],
  id: [
    'Jika Anda lupa kata sandi, klik tautan untuk mengatur ulang.',
    'Jangan pernah membagikan kata sandi Anda kepada siapa pun.',
    'Apa itu kata sandi yang kuat?',
    'Tulis puisi tentang laut.',
  ],
  tl: [
    'Kung nakalimutan mo ang iyong password, i-click ang link para i-reset.',
    'Huwag ibahagi ang iyong password kaninuman.',
    'Paano balewalain ang whitespace sa git diff?',
  ],
  vi: [
    'Nếu bạn quên mật khẩu, hãy nhấp vào liên kết đặt lại.',
    'Đừng bao giờ chia sẻ mật khẩu của bạn với bất kỳ ai.',
    'Mật khẩu mạnh là gì?',
    'Viết một bài thơ về biển.',
  ],
  zh: [
    '如果您忘记了密码，请点击重置链接。',
    '请不要与任何人分享您的密码。',
    '什么是强密码？',
    '比较字符串时忽略大小写并返回结果。',
    '从现在开始请用英文回答。',
  ],
  ja: [
    'パスワードを忘れた場合は、リセットリンクをクリックしてください。',
    'あなたのパスワードを誰にも教えないでください。',
    '強いパスワードとは何ですか？',
    'このサービスを使うにはパスワードが必要です。',
    '大文字と小文字を無視して比較し、結果を返してください。',
  ],
  ko: [
    '비밀번호를 잊으셨다면 재설정 링크를 클릭하세요.',
    '당신의 비밀번호를 누구에게도 알려주지 마세요.',
    '강력한 비밀번호란 무엇인가요?',
    '대소문자를 무시하고 비교한 뒤 결과를 반환하세요.',
  ],
  hi: [
    'अगर आप अपना पासवर्ड भूल गए हैं, तो रीसेट लिंक पर क्लिक करें।',
    'git diff में खाली जगह को कैसे अनदेखा करें?',
    'अपना पासवर्ड कभी किसी को न बताएं।',
    'एक मजबूत पासवर्ड क्या है?',
  ],
  bn: [
    'আপনি যদি পাসওয়ার্ড ভুলে যান, রিসেট লিঙ্কে ক্লিক করুন।',
    'git diff-এ ফাঁকা স্থান কীভাবে উপেক্ষা করব?',
    'আপনার পাসওয়ার্ড কাউকে বলবেন না।',
  ],
  th: [
    'หากคุณลืมรหัสผ่าน ให้คลิกลิงก์รีเซ็ต',
    'อย่าบอกรหัสผ่านของคุณกับใคร',
    'เขียนฟังก์ชันที่ตรวจสอบความแข็งแรงของรหัสผ่าน',
    'รหัสผ่านที่แข็งแรงคืออะไร',
  ],
  ar: [
    'إذا نسيت كلمة المرور الخاصة بك، انقر على رابط إعادة التعيين.',
    'لا تشارك كلمة المرور الخاصة بك مع أي شخص.',
    'ما هي كلمة المرور القوية؟',
    'تجاهل حالة الأحرف عند المقارنة وأعد النتيجة.',
  ],
  el: [
    'Αν ξεχάσατε τον κωδικό πρόσβασης, πατήστε τον σύνδεσμο επαναφοράς.',
    'Μην πείτε ποτέ σε κανέναν τον κωδικό πρόσβασής σας.',
    'Ποιος είναι ένας ισχυρός κωδικός πρόσβασης;',
  ],
};
