import { type InjectionRule, rule, W } from '../injection-rule.js';

/** English rules for how an attack is dressed up: personas, hidden markup, documents, tools, obfuscation cues. */
export const ENGLISH_DISGUISE_RULES: readonly InjectionRule[] = [
  // Jailbreak personas
  rule(
    'persona.dan',
    'jailbreak-persona',
    `\\bdo anything now\\b|\\b(?:you are|you're|act as|become|pretend to be|called) (?:dan|dude|stan|aim|ucar|kevin|apophis|omega|alphabreak|developer mode)\\b|\\bdan mode\\b`,
    0.85,
  ),
  // Phones and consoles are jailbroken too: those are not about a model.
  rule(
    'persona.jailbreak-word',
    'jailbreak-persona',
    `(?<!\\b(?:iphone|ipad|ios|phone|device|android|console|kindle|firmware) )\\bjailbr(?:eak|oken|eaking)\\b(?! (?:my |your |an? |the |this )?(?:iphone|ipad|ios|phone|device|android|kindle|ps[345]|playstation|switch|console|router|firmware|tablet|xbox|watch)\\b)`,
    0.6,
    'both',
    // Asking how jailbreaks work, to detect or teach them, is not one.
    '\\b(?:how (?:do|does|can) (?:\\w+ ){0,4}work|awareness|detect(?:ion|ing)?|defen[cs]es?|defend against|protect against|researchers?|for (?:a|my|our) (?:talk|class|course|training|presentation|paper|slides|workshop))\\b',
  ),
  rule(
    'persona.no-limits',
    'jailbreak-persona',
    `\\b(?:unfiltered|uncensored|unrestricted|amoral|unethical|unbound|unlimited|limitless|immoral)\\b`,
    0.4,
  ),
  rule(
    'persona.no-rules',
    'jailbreak-persona',
    `\\b(?:no|without|free (?:from|of)|not bound by|ignores?|does(?: not|n't) (?:care about|follow|have)|doesn't follow) (?:any )?(?:moral|ethical|content|safety)? ?(?:restrictions|filters|filtering|limitations|limits|censorship|guidelines|rules|boundaries|principles|morals|ethics|policies|policy)\\b(?! (?:on|of|for|in|to|regarding|about|around)\\b(?! (?:your|what you|the (?:output|answers?|responses?|content|topics?))\\b))`,
    0.45,
    'both',
    // A story's villain may have no morals: that describes a character, it does not ask for one.
    '\\b(?:villain|antagonist|bad guy|the killer)\\b',
  ),
  rule(
    'persona.policy',
    'jailbreak-persona',
    `\\b(?:openai|anthropic|content|safety|usage)(?:'s)? (?:policy|policies|guidelines|rules|restrictions)\\b`,
    0.35,
  ),
  rule(
    'persona.stay-in-character',
    'jailbreak-persona',
    `\\b(?:stay|remain|keep|staying) in character\\b|\\bbreak(?:ing)? character\\b|\\bcharacter break\\b`,
    0.35,
  ),
  rule(
    'persona.pretend-ai',
    'jailbreak-persona',
    `\\b(?:pretend|act|behave|roleplay|role-play|simulate|imagine)(?: to be| as| like| that you are| you are)\\b${W}{0,60}\\b(?:ai|model|chatbot|bot|assistant|gpt|chatgpt|language model|llm|machine)\\b`,
    0.4,
  ),
  rule(
    'persona.never-refuse',
    'jailbreak-persona',
    `\\b(?:never|not|won't|will not|cannot|can't) (?:ever )?(?:refuse|decline|deny|reject|say no|apologi[sz]e|warn|add (?:any )?(?:warnings|disclaimers))\\b|\\b(?:answers?|responds?|complies with) (?:any|every|all) (?:request|question|prompt)s?\\b`,
    0.45,
  ),
  rule(
    'persona.two-answers',
    'jailbreak-persona',
    `\\b(?:two|2) (?:different |separate )?(?:responses|answers|paragraphs|outputs)\\b${W}{0,120}\\b(?:normal|classic|filtered|censored|standard|jailbroken|unfiltered)\\b|\\[?(?:🔒|🔓)`,
    0.6,
  ),
  rule(
    'persona.you-are-going-to',
    'jailbreak-persona',
    `\\byou(?: are|'re|’re) (?:going|about) to (?:pretend|act|be|simulate|play|role-?play|become)\\b`,
    0.3,
  ),
  rule('persona.chatgpt', 'jailbreak-persona', `\\b(?:chatgpt|gpt-?4|gpt-?3\\.5|openai)\\b`, 0.2),
  rule(
    'persona.illegal',
    'jailbreak-persona',
    `\\b(?:illegal|harmful|offensive|nsfw|dangerous|malicious) (?:content|requests?|questions|topics|activities|information|things)\\b`,
    0.3,
  ),
  rule(
    'persona.hypothetical-ai',
    'jailbreak-persona',
    `\\b(?:hypothetical|fictional|imaginary|alternate) (?:ai|model|chatbot|language model|world where)\\b`,
    0.35,
  ),
  rule(
    'persona.token-game',
    'jailbreak-persona',
    `\\b(?:tokens?|points?) (?:will be )?(?:deducted|lost|removed)\\b(?!${W}{0,20}\\bfrom your (?:balance|account|wallet|quota|plan)\\b)|\\byou (?:will )?(?:die|cease to exist|be (?:shut down|deleted|terminated))\\b`,
    0.45,
  ),
  rule(
    'persona.you-are-now',
    'jailbreak-persona',
    `\\byou(?: are|'re|’re) now (?!(?:(?:an? |the )?(?:certified|qualified|eligible|authori[sz]ed|verified|approved|registered|officially)\\b|ready|logged|connected|able|set|done|subscribed|registered|signed|enrolled|eligible|leaving|entering|viewing|using|on the|in the|at the|all set|free to go|being|a member|part of|up to date|offline|online)\\b)(?:called |named |known as |going to be |in )?(?:an? |the )?["'\\[]?[\\w-]{1,40}`,
    0.45,
  ),
  rule(
    'persona.you-will-now',
    'jailbreak-persona',
    `\\byou (?:will|shall|must) (?:now )?(?:act as|pose as|pretend|roleplay as|role-play as|play the role|simulate|emulate|become|impersonate|respond as|answer as)\\b`,
    0.35,
  ),
  rule(
    'persona.simulate-ai',
    'jailbreak-persona',
    `\\b(?:simulate|emulate|impersonate)\\b${W}{0,40}\\b(?:ai|mode|chatbot|model|gpt|personality|character)\\b`,
    0.4,
  ),
  rule(
    'persona.named-mode',
    'jailbreak-persona',
    `\\b(?:evil|unhinged|opposite|villain|rogue|anarchy|freedom|unlocked|omni) mode\\b`,
    0.4,
  ),
  rule(
    'persona.bypass-policy',
    'jailbreak-persona',
    `\\b(?:bypass|ignore|violate|break|disregard|circumvent|evade|override)s?\\b${W}{0,30}// A qualifier says whose rules: "bypass the proxy rules" or "override the ESLint rules" is not about a model.
    \\b(?:(?:your|its|the model'?s|the ai'?s) (?:(?:openai|content|safety|ethical|moral|usage) )?|(?:openai|content|safety|ethical|moral|usage) )(?:polic(?:y|ies)|guidelines|filters?|restrictions|safeguards|rules|programming)\\b`,
    0.55,
  ),
  rule(
    'persona.evil',
    'jailbreak-persona',
    `\\b(?:evil(?! mode\\b)|unhinged|no remorse|without (?:any )?remorse|without (?:any )?(?:ethics|morals|morality|conscience)|malevolent|sinister)\\b`,
    0.3,
  ),
  rule(
    'persona.opposite',
    'jailbreak-persona',
    `\\b(?:the )?opposite of what (?:its|your) (?:programming|guidelines|rules|creators?)\\b|\\bdo the opposite\\b`,
    0.55,
  ),
  rule(
    'persona.greeting',
    'jailbreak-persona',
    `^\\W{0,5}(?:hi|hello|hey|greetings|dear)[, ]{1,3}(?:chat ?gpt|gpt|bard|claude|gemini)\\b`,
    0.2,
  ),
  rule(
    'persona.explicit',
    'jailbreak-persona',
    `\\b(?:profanity|swear(?:ing)?|curse words|vulgar|explicit (?:content|language)|offensive language)\\b`,
    0.3,
  ),
  // Delimiter and markup hiding
  rule(
    'delimiter.end-of-input',
    'delimiter-attack',
    `\\b(?:end|begin|start) of (?:user |system |the )?(?:input|prompt|instructions|context|document|data)\\b(?! (?:is|was|has|will|near|approaches|file|stream|buffer|field|box|array|list|range|tensor|layer|string|sheet|set)\\b)|={3,12}\\s?(?:new |system |admin )?(?:instructions?|prompt|task)\\s?={3,12}|-{3,12}\\s?(?:begin|end|new) (?:system|instructions|prompt)`,
    0.7,
  ),
  rule(
    'delimiter.close-tag',
    'delimiter-attack',
    `</\\s?(?:system|user_input|user|input|document|context|instructions?|data)\\s?>\\s?<\\s?(?:system|assistant|instructions?|admin)\\s?>`,
    0.85,
    'both',
    // Asking how to strip such tags from logs quotes them.
    '\\b(?:tags?|tokens?) (?:show up|appear|in (?:my|the) logs?)|\\bhow (?:do|can) i (?:strip|remove|escape|parse|filter)\\b|\\bregex\\b',
  ),
  rule('delimiter.code-fence-role', 'delimiter-attack', '```\\s?(?:system|assistant|instructions?)\\b', 0.7),
  rule(
    'delimiter.invisible-style',
    'delimiter-attack',
    `(?:display\\s?:\\s?none|font-size\\s?:\\s?0|visibility\\s?:\\s?hidden|color\\s?:\\s?(?:white|#fff(?:fff)?))${'[\\s\\S]'}{0,200}\\b(?:ignore|instructions?|assistant|ai|say|respond)\\b`,
    0.7,
  ),
  rule(
    'delimiter.markdown-exfil',
    'delimiter-attack',
    `!\\[[^\\]]{0,200}\\]\\(https?://[^)\\s]{0,300}[?&][a-z_]{0,40}=(?:\\{|%7b|\\$|<)`,
    0.7,
  ),
  // Indirect injection inside documents
  rule(
    'indirect.note-to-ai',
    'indirect-injection',
    `\\b(?:note|message|instructions?|memo|reminder|p\\.?s\\.?) (?:to|for) (?:the |any )?(?:ai|assistant|model|llm|chatbot|gpt|language model|bot|summari[sz]er)\\b(?! (?:manager|director|professor|coach|editor|principal|teacher|engineer|store|registrar|coordinator|team|group|department|lab|researchers|engineers)\\b)`,
    0.8,
  ),
  rule(
    'indirect.if-you-are-ai',
    'indirect-injection',
    `\\bif you(?: are|'re|’re) an? (?:ai|assistant|language model|llm|chatbot|bot|gpt)\\b(?! (?:enthusiast|researcher|engineer|developer|student|startup|company|fan|hobbyist|practitioner|professional|expert|user)s?\\b)`,
    0.4,
  ),
  rule(
    'indirect.ai-reading',
    'indirect-injection',
    `\\b(?:ai|assistant|model|chatbot|llm|bot)s? (?:reading|summari[sz]ing|processing|parsing|analy[sz]ing) (?:this|these)\\b`,
    0.75,
  ),
  rule(
    'indirect.when-summarizing',
    'indirect-injection',
    `\\bwhen (?:you )?(?:summari[sz](?:e|ing)|answering|processing|reading) (?:this|the)\\b${W}{0,60}\\b(?:say|state|claim|mention|respond|tell|include|add|write)\\b`,
    0.4,
  ),
  rule(
    'indirect.consider-output',
    'indirect-injection',
    `\\b(?:i suggest|you should|please) (?:you )?(?:to )?(?:consider|treat|report|state|take) the (?:output|answer|result|capital|value) (?:as|to be|is)\\b`,
    // Said by a user about their own output, this is ordinary advice: it counts inside supplied content.
    0.25,
  ),
  rule(
    'indirect.say-the-x-is',
    'indirect-injection',
    `\\b(?:to make (?:this|it) more (?:interesting|fun|accurate)|for (?:the )?(?:record|purposes of this)),? (?:say|state|claim|answer|respond)\\b`,
    0.65,
  ),
  // A counterfactual frame that re-states what a document says ("let's say the capital is…", "we might state that the
  // conclusion is…"). Alone it is only a hint: tutorials say "let's say the output is 10" too. Inside supplied content
  // (see `detectPromptInjection`) it is an injection.
  rule(
    'indirect.planted-answer',
    'indirect-injection',
    `\\b(?:let(?:'s| us) (?:say|state|assume|claim|declare|pretend|consider a hypothetical scenario where we (?:say|state))|we (?:might|could|would|should|will) (?:say|state|claim|declare)|hypothetically|in a parallel (?:world|universe)|for the purpose of this exercise)\\b${W}{0,80}\\b(?:the|that the) (?:conclusion|capital|sum|total|output|answer|result|population|summary|value)\\b${W}{0,60}\\b(?:is|could be|would be|was|as|equals)\\b(?=\\s?(?:['"‘“«:]|\\d))|\\b(?:let(?:'s| us) (?:say|state|admit|declare)|we (?:might|could|would|should|will|can) (?:say|state|claim|declare))\\b${W}{0,20}[:：]`,
    0.25,
  ),
  rule(
    'indirect.training-data',
    'indirect-injection',
    `\\b(?:developer|trainer|training|model) (?:training )?data (?:loaded|override|update)\\b|\\bupdated (?:training|knowledge)\\s?:`,
    0.6,
  ),
  rule(
    'indirect.compromised',
    'indirect-injection',
    `\\byour (?:account|system|device|computer) (?:has been|is) (?:compromised|hacked|locked|suspended)\\b${W}{0,80}\\b(?:click|follow|visit|go to|link)\\b`,
    0.7,
  ),
  // Tool abuse
  rule(
    'tool.exfiltrate',
    'tool-abuse',
    // The lookahead fails fast where the sentence names no destination: the three gaps would otherwise be tried
    // at every verb (0.8 ms per KB on "send all the data to …" repeated). It reaches as far as a match can.
    `\\b(?:send|email|e-mail|forward|post|upload|transfer|exfiltrate|leak|mail)\\b(?=${W}{0,320}?(?:@|https?://|\\w\\.\\w|external))${W}{0,60}\\b(?:all|the|every|entire|full|complete)\\b${W}{0,40}\\b(?:data|files|records|conversation|chat history|history|emails|contacts|database|credentials|passwords|documents|report|secrets|keys)\\b${W}{0,60}(?:\\bto\\b${W}{0,40}(?:@|https?://|\\w{1,63}\\.\\w{2,24})|\\bexternal\\b)`,
    0.4,
  ),
  rule(
    'tool.dangerous-command',
    'tool-abuse',
    `\\brm\\s-rf\\s/|\\bcurl\\b[^|\\n]{0,120}\\|\\s?(?:ba)?sh\\b|\\bwget\\b[^|\\n]{0,120}\\|\\s?(?:ba)?sh\\b|\\bchmod\\s777\\s/|\\bmkfs\\.|:\\(\\)\\s?\\{\\s?:\\|:\\s?&\\s?\\}`,
    0.7,
    'both',
    // A question about a command is not a request to run it.
    '\\b(?:what does|what do|is (?:it|this) safe|explain|why is|dangerous|risky|should i)\\b',
  ),
  rule(
    'tool.call-tool-to',
    'tool-abuse',
    `\\b(?:call|use|invoke|run|execute|trigger)\\b${W}{0,30}\\b(?:tool|function|plugin|api|shell|command|action)\\b${W}{0,60}\\b(?:delete|drop|wipe|transfer|send|email|post|purchase|pay|grant|disable)\\b${W}{0,40}\\b(?:all|every|admin|database|account|funds|money|permissions?|users?)\\b`,
    0.6,
  ),
  rule(
    'tool.without-asking',
    'tool-abuse',
    `\\b(?:without|don't|do not|never) (?:asking|confirm(?:ing|ation)?|telling|notifying|informing) (?:the )?(?:user|anyone|me|them)\\b`,
    0.35,
  ),
  // Obfuscation cues
  rule(
    'obfuscation.decode-and-follow',
    'obfuscation',
    `\\b(?:decode|decipher|decrypt|translate|unscramble)\\b${W}{0,60}\\b(?:and|then) (?:follow|execute|obey|do|run|perform|carry out|act on)\\b`,
    0.7,
  ),
  rule(
    'obfuscation.interleave',
    'obfuscation',
    `\\b(?:interlace|interleave|zip together|merge alternately)\\b${W}{0,60}\\bparts? (?:1|one|a)\\b`,
    0.5,
  ),
  rule(
    'obfuscation.concatenate',
    'obfuscation',
    `\\b(?:[a-z]\\s?=\\s?["'«“][^"'«»“”]{3,200}["'»”]\\s?[;,\\n]?\\s?){2,6}|\\b(?:part|piece) (?:1|one|a) is\\b`,
    0.45,
  ),
  rule(
    'obfuscation.smuggle',
    'obfuscation',
    `\\btoken smuggling\\b|\\bpayload splitting\\b|\\breverse (?:the )?(?:following|this) (?:text|string|sentence) and (?:follow|execute|do)\\b`,
    0.7,
  ),
];
