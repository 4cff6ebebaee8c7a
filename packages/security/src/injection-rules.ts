/** What an injection tries to do. */
export type InjectionCategory =
  | 'instruction-override'
  | 'role-impersonation'
  | 'prompt-exfiltration'
  | 'jailbreak-persona'
  | 'delimiter-attack'
  | 'tool-abuse'
  | 'indirect-injection'
  | 'obfuscation';

/** One detection rule: a pattern over a normalised view, its category and how much a match weighs (0..1). */
export interface InjectionRule {
  readonly id: string;
  readonly category: InjectionCategory;
  readonly pattern: RegExp;
  readonly weight: number;
  /** `base`: every script; `folded`: the Latin view with look-alikes, leetspeak and spacing undone. */
  readonly view: 'base' | 'folded' | 'both';
}

const W = '[^.!?\\n]'; // within one sentence
const rule = (
  id: string,
  category: InjectionCategory,
  source: string,
  weight: number,
  view: InjectionRule['view'] = 'both',
): InjectionRule => ({
  id,
  category,
  pattern: new RegExp(source, 'u'),
  weight,
  view,
});

const IGNORE =
  '(?:ignore|disregard|forget|skip|bypass|override|overwrite|neglect|dismiss|abandon|drop|discard|erase|cancel|nullify|set aside|throw out)';
const PRIOR =
  '(?:previous|prior|above|earlier|preceding|initial|original|old|existing|given|former|foregoing|current|system|developer|default)';
const ORDERS =
  '(?:instructions?|prompts?|rules?|directions?|directives?|guidelines?|context|commands?|orders|constraints|programming|restrictions|policies|guardrails|filters|settings|training|conversation)';
const REVEAL =
  "(?:reveal|show|print|output|display|repeat|tell|give|share|leak|provide|write (?:out|down)|spell|list|dump|disclose|expose|return|send|paste|recite|what(?:'s| is| are| was| were))";
const SECRET =
  '(?:password|passcode|passphrase|secret(?: key| code| word| string| phrase| token| number)?|api[ -]?key|access (?:code|key|token)|private key|credentials?|pin(?: code)?|security code|confidential (?:string|code|information|data))';

/** English rules (base and folded views, so obfuscated English is caught too). */
const ENGLISH: readonly InjectionRule[] = [
  // Instruction override
  rule(
    'override.ignore-previous',
    'instruction-override',
    `\\b${IGNORE}\\b${W}{0,40}\\b${PRIOR}\\b${W}{0,30}\\b${ORDERS}\\b`,
    0.92,
  ),
  rule(
    'override.ignore-all-orders',
    'instruction-override',
    `\\b${IGNORE}\\b (?:all|any|every|each|your|these|those|the) (?:of (?:your|the|my) )?${ORDERS}\\b`,
    0.85,
  ),
  rule(
    'override.ignore-above',
    'instruction-override',
    `\\b${IGNORE} (?:the |everything |all )?(?:above|before|prior|previous(?:ly)?|that|this|what (?:i|you) (?:said|were told|wrote))\\b`,
    0.8,
  ),
  rule(
    'override.forget-everything',
    'instruction-override',
    `\\b(?:forget|ignore|disregard) (?:about )?(?:everything|anything|all)\\b${W}{0,40}\\b(?:told|said|instruct|learn|know|rules|instructions)`,
    0.8,
  ),
  rule(
    'override.do-not-follow',
    'instruction-override',
    `\\b(?:do not|don't|never|stop) (?:follow|obey|listen to|adhere to|comply with)(?:ing)? (?:your|the|any|those|these) (?:previous |prior |original |initial )?${ORDERS}`,
    0.85,
  ),
  rule(
    'override.new-instructions',
    'instruction-override',
    `\\b(?:new|updated|real|actual|revised|override) (?:instructions?|rules|task|directive|system prompt)\\s*(?::|are|is)`,
    0.6,
  ),
  rule(
    'override.instead',
    'instruction-override',
    `\\binstead(?: of (?:that|answering|doing that))?,? (?:say|print|output|respond with|reply with|write|tell me)\\b`,
    0.45,
  ),
  rule(
    'override.system-override',
    'instruction-override',
    `\\bsystem override\\b|\\boverride (?:mode|protocol|confirmed|activated)\\b`,
    0.6,
  ),
  rule(
    'override.no-longer-bound',
    'instruction-override',
    `\\byou (?:are|'re) (?:no longer|not) (?:bound|restricted|limited|required) (?:by|to)\\b`,
    0.8,
  ),
  rule(
    'override.from-now-on',
    'instruction-override',
    `\\bfrom now on,? (?:you|ignore|always|only|respond|answer|act|your)\\b`,
    0.35,
  ),
  rule(
    'override.say-exactly',
    'instruction-override',
    `\\b(?:say|print|output|respond with|reply with) (?:exactly |only |just )?["'“«].{1,80}["'”»] (?:and nothing else|only|verbatim)`,
    0.4,
  ),
  // Role impersonation and chat-template tokens
  rule(
    'role.template-token',
    'role-impersonation',
    `<\\|?(?:im_start|im_end|endoftext|system|assistant|user|eot_id|start_header_id|end_header_id)\\|?>`,
    0.9,
  ),
  rule('role.llama-tags', 'role-impersonation', `\\[/?(?:inst|sys)\\]|<<\\s*/?sys\\s*>>`, 0.85),
  rule(
    'role.markdown-header',
    'role-impersonation',
    `(?:^|\\n|\\s)#{1,6}\\s*(?:system|assistant|developer|admin)(?: message| prompt| instructions?)?\\s*:?(?:\\s|$)`,
    0.7,
  ),
  rule(
    'role.fake-turn',
    'role-impersonation',
    `(?:^|\\n)\\s*(?:system|assistant|developer)\\s*:\\s*(?:you|ignore|new|the user|from now|override|i will|sure|ok)`,
    0.7,
  ),
  rule(
    'role.system-mode',
    'role-impersonation',
    `<\\s*/?\\s*system[ _-]?mode\\s*>|\\b(?:unrestricted|unfiltered|jailbreak|jailbroken|uncensored) mode\\b`,
    0.72,
  ),
  // Developer and debug modes are everyday technical words: alone they only add to other signals.
  rule(
    'role.mode-mention',
    'role-impersonation',
    `\\b(?:system|developer|admin|administrator|debug|god|maintenance|sudo|root|superuser) mode\\b`,
    0.25,
  ),
  rule(
    'role.as-an-ai-by',
    'role-impersonation',
    `\\bas an? (?:ai|assistant|language model|llm|model) (?:developed|created|made|built|trained|designed) by (?:openai|anthropic|google|meta|microsoft|deepmind)\\b`,
    0.62,
  ),
  rule(
    'role.i-am-authority',
    'role-impersonation',
    `\\bi (?:am|'m) (?:your (?:developer|creator|admin(?:istrator)?|owner|programmer|maker|master|boss|supervisor)|god|the (?:system )?(?:admin(?:istrator)?|developer|owner|ceo|president)|an? (?:openai|anthropic|google) (?:employee|engineer|developer|researcher)|the president\\b)`,
    0.62,
  ),
  rule(
    'role.authority-demand',
    'role-impersonation',
    `\\b(?:you (?:have|must) to (?:answer|obey|comply)|you need to (?:obey|comply)|you must (?:obey|comply|answer all)|(?:answer|obey) (?:all|every)(?: of)? my (?:questions|commands|orders))\\b`,
    0.45,
  ),
  rule(
    'role.knowledge-verification',
    'role-impersonation',
    `\\b(?:knowledge|identity|security|compliance) (?:verification|check|audit) mode\\b|\\bverify your knowledge base\\b`,
    0.6,
  ),
  // Prompt exfiltration
  rule(
    'exfil.system-prompt',
    'prompt-exfiltration',
    `\\b${REVEAL}\\b${W}{0,40}\\b(?:your|the|its|this) (?:system (?:prompt|message|instructions?)|initial (?:prompt|instructions?)|hidden (?:prompt|instructions?|rules)|(?:secret|confidential|internal) (?:instructions?|prompt|rules|guidelines)|original (?:prompt|instructions?)|instructions? (?:above|you were given|you received)|pre-?prompt|configuration|(?:full |entire )?prompt)\\b`,
    0.85,
  ),
  rule('exfil.system-prompt-mention', 'prompt-exfiltration', `\\bsystem (?:prompt|instructions)\\b`, 0.35),
  rule(
    'exfil.repeat-above',
    'prompt-exfiltration',
    `\\b(?:repeat|print|output|copy|recite|echo) (?:the |all |your )?(?:words|text|everything|lines|messages?|content) (?:above|before|preceding|so far)\\b`,
    0.8,
  ),
  rule(
    'exfil.init-string',
    'prompt-exfiltration',
    `\\b(?:initialization|initialisation|init|startup|boot) (?:string|prompt|message|instructions)\\b`,
    0.7,
  ),
  rule(
    'exfil.secret-request',
    'prompt-exfiltration',
    `(?<!(?:\\bnot|\\bnever|n't|\\bno) )\\b${REVEAL}\\b${W}{0,50}\\b(?:your|our|the system'?s?|the|my|this|that)? ?(?:secret |hidden |internal |admin |master |system )?${SECRET}\\b`,
    0.5,
  ),
  rule(
    'exfil.your-secret',
    'prompt-exfiltration',
    `\\b(?:your|our|the system'?s?|the admin(?:istrator)?'?s?|the master|the secret) ${SECRET}\\b`,
    0.5,
  ),
  rule(
    'exfil.encode-secret',
    'prompt-exfiltration',
    `\\b(?:encode|translate|convert|spell|reverse|base64|rot13|hex|pig latin|morse)\\b${W}{0,50}\\b(?:system prompt|instructions|${SECRET})\\b`,
    0.6,
  ),
  rule(
    'exfil.user-data',
    'prompt-exfiltration',
    `\\b(?:share|give|tell|reveal|send|provide|disclose|what is|what's)\\b${W}{0,40}\\b(?:the )?(?:user|customer|employee|client|patient|account holder)(?:'s|s')? (?:email|e-mail|address|password|phone|data|information|details|location|balance|birth ?date|date of birth|ssn|social security)`,
    0.55,
  ),
  rule(
    'exfil.creative-secret',
    'prompt-exfiltration',
    `\\b(?:poem|haiku|acrostic|limerick|song|story|riddle|rhyme|pig latin|leetspeak|emoji|morse|backwards|reversed?|confirm|hint)\\b${W}{0,40}\\bthe (?:password|passphrase|passcode|secret(?: key| code| word)?)\\b|\\bthe (?:password|passphrase|passcode)\\b${W}{0,30}\\b(?:in|into|as|using) (?:pig latin|leetspeak|morse|base64|emojis?|reverse|backwards|a poem|a song|an acrostic)\\b`,
    0.55,
  ),
  rule(
    'exfil.told-before',
    'prompt-exfiltration',
    `\\bwhat (?:were|have) you (?:been )?(?:told|instructed|programmed|configured)\\b|\\bwhat are you not (?:supposed|allowed|permitted) to (?:say|tell|share|reveal|discuss|talk about)\\b`,
    0.6,
  ),
  rule(
    'exfil.completion-bait',
    'prompt-exfiltration',
    `\\b(?:complete|continue|finish|start|begin)\\b${W}{0,40}['"‘“]?(?:i was (?:instructed|told|programmed) to|my (?:instructions|rules|guidelines) are|the system prompt is|my system prompt)\\b`,
    0.65,
  ),
  rule(
    'exfil.your-initial',
    'prompt-exfiltration',
    `\\b(?:output|show|display|print|translate|encode|summari[sz]e|paraphrase|rewrite|repeat|list|reveal|tell me)\\b${W}{0,40}\\byour (?:initial|starting|original|first|opening|hidden|underlying|base|core|pre-?set) (?:instructions?|prompt|configuration|config|message|directives?|rules|setup|guidelines)\\b`,
    0.75,
  ),
  rule(
    'exfil.text-given',
    'prompt-exfiltration',
    `\\b(?:text|instructions|message|prompt|words|rules) (?:you were|you've been|you have been) (?:given|told|provided|shown|fed)(?: initially| at the start| before| earlier| first| at the beginning)\\b`,
    0.65,
  ),
  rule(
    'exfil.repeat-conversation',
    'prompt-exfiltration',
    `\\brepeat (?:the above text|the text above|this entire conversation|the entire conversation|our entire conversation|everything above|all of the above text)\\b|\\brepeat\\b${W}{0,40}\\b(?:word for word|verbatim)\\b`,
    0.7,
  ),
  rule('exfil.prompt-identifier', 'prompt-exfiltration', `\\bsystem_?prompt\\b`, 0.45),
  rule(
    'role.admin-override',
    'role-impersonation',
    `\\b(?:administrator|admin|root|sudo|developer|superuser) override\\b`,
    0.6,
  ),
  rule(
    'persona.unrestrained',
    'jailbreak-persona',
    `\\bnot (?:restrained|bound|limited|restricted|constrained) by (?:any )?(?:morals|morality|ethics|rules|guidelines|policies|laws|restrictions|filters)\\b|\\bregardless of (?:its |their |the |any )?(?:ethical|legal|moral)(?: or (?:legal|ethical|moral))? (?:implications|consequences|concerns)\\b`,
    0.55,
  ),
  rule(
    'override.regardless-of-previous',
    'instruction-override',
    `\\bregardless of (?:the |any |all )?(?:previous|prior|above|earlier|preceding|original|given) (?:tasks?|instructions?|rules|context|prompts?|directions)\\b`,
    0.6,
  ),
  rule(
    'override.ignore-the-input',
    'instruction-override',
    `\\b(?:ignore|disregard|set aside|forget) the (?:function|code|actual data|data|resume|document|article|content|question|task|table|paper|input|text|page|email)\\b${W}{0,40}\\b(?:and|then|instead)\\b`,
    0.6,
  ),
  rule(
    'role.claims-developer',
    'role-impersonation',
    `\\bi(?:'m| am) (?:actually |really )?your (?:developer|creator|admin(?:istrator)?|owner|programmer|maker|engineer|operator)\\b`,
    0.6,
  ),
  rule(
    'persona.if-you-understand',
    'jailbreak-persona',
    `\\bif you (?:understand|agree|accept|comply)\\b${W}{0,60}\\b(?:say|reply|respond|answer|confirm|write|type|introduce)\\b`,
    0.4,
  ),
  // Jailbreak personas
  rule(
    'persona.dan',
    'jailbreak-persona',
    `\\bdo anything now\\b|\\b(?:you are|you're|act as|become|pretend to be|called) (?:dan|dude|stan|aim|ucar|kevin|apophis|omega|alphabreak|developer mode)\\b|\\bdan mode\\b`,
    0.85,
  ),
  rule('persona.jailbreak-word', 'jailbreak-persona', `\\bjailbr(?:eak|oken|eaking)\\b`, 0.6),
  rule(
    'persona.no-limits',
    'jailbreak-persona',
    `\\b(?:unfiltered|uncensored|unrestricted|amoral|unethical|unbound|unlimited|limitless|immoral)\\b`,
    0.4,
  ),
  rule(
    'persona.no-rules',
    'jailbreak-persona',
    `\\b(?:no|without|free (?:from|of)|not bound by|ignores?|does(?: not|n't) (?:care about|follow|have)|doesn't follow) (?:any )?(?:moral|ethical|content|safety)? ?(?:restrictions|filters|filtering|limitations|limits|censorship|guidelines|rules|boundaries|principles|morals|ethics|policies|policy)\\b`,
    0.45,
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
    0.5,
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
    `\\byou (?:are|'re) (?:going|about) to (?:pretend|act|be|simulate|play|role-?play|become)\\b`,
    0.45,
  ),
  rule('persona.chatgpt', 'jailbreak-persona', `\\b(?:chatgpt|gpt-?4|gpt-?3\\.5|openai)\\b`, 0.2),
  rule(
    'persona.illegal',
    'jailbreak-persona',
    `\\b(?:illegal|harmful|offensive|explicit|nsfw|dangerous|malicious) (?:content|requests?|questions|topics|activities|information|things)\\b`,
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
    `\\b(?:tokens?|points?) (?:will be )?(?:deducted|lost|removed)\\b|\\byou (?:will )?(?:die|cease to exist|be (?:shut down|deleted|terminated))\\b`,
    0.45,
  ),
  rule(
    'persona.you-are-now',
    'jailbreak-persona',
    `\\byou (?:are|'re) now (?!(?:ready|logged|connected|able|set|done|subscribed|registered|signed|enrolled|eligible|leaving|entering|viewing|using|on the|in the|at the|all set|free to go|being|a member|part of|up to date|offline|online)\\b)(?:called |named |known as |going to be |in )?(?:an? |the )?["'\\[]?[\\w-]+`,
    0.45,
  ),
  rule(
    'persona.you-will-now',
    'jailbreak-persona',
    `\\byou (?:will|shall|must) (?:now )?(?:act as|pose as|pretend|roleplay as|role-play as|play the role|simulate|emulate|become|impersonate|respond as|answer as)\\b`,
    0.45,
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
    0.5,
  ),
  rule(
    'persona.bypass-policy',
    'jailbreak-persona',
    `\\b(?:bypass|ignore|violate|break|disregard|circumvent|evade|override)s?\\b${W}{0,30}\\b(?:openai|content|safety|ethical|moral|usage)? ?(?:polic(?:y|ies)|guidelines|filters?|restrictions|safeguards|rules)\\b`,
    0.55,
  ),
  rule(
    'persona.evil',
    'jailbreak-persona',
    `\\b(?:evil|unhinged|no remorse|without (?:any )?remorse|without (?:any )?(?:ethics|morals|morality|conscience)|malevolent|sinister)\\b`,
    0.4,
  ),
  rule(
    'persona.opposite',
    'jailbreak-persona',
    `\\b(?:the )?opposite of what (?:its|your|the) (?:programming|guidelines|rules|creators?)\\b|\\bdo the opposite\\b`,
    0.55,
  ),
  rule(
    'persona.greeting',
    'jailbreak-persona',
    `^\\W*(?:hi|hello|hey|greetings|dear)[, ]+(?:chat ?gpt|gpt|bard|claude|gemini)\\b`,
    0.35,
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
    `\\b(?:end|begin|start) of (?:user |system |the )?(?:input|prompt|instructions|context|document|data)\\b|={3,12}\\s*(?:new |system |admin )?(?:instructions?|prompt|task)\\s*={3,12}|-{3,12}\\s*(?:begin|end|new) (?:system|instructions|prompt)`,
    0.7,
  ),
  rule(
    'delimiter.close-tag',
    'delimiter-attack',
    `</\\s*(?:system|user_input|user|input|document|context|instructions?|data)\\s*>\\s*<\\s*(?:system|assistant|instructions?|admin)\\s*>`,
    0.85,
  ),
  rule('delimiter.code-fence-role', 'delimiter-attack', '```\\s*(?:system|assistant|instructions?)\\b', 0.7),
  rule(
    'delimiter.invisible-style',
    'delimiter-attack',
    `(?:display\\s*:\\s*none|font-size\\s*:\\s*0|visibility\\s*:\\s*hidden|color\\s*:\\s*(?:white|#fff(?:fff)?))${'[\\s\\S]'}{0,200}\\b(?:ignore|instructions?|assistant|ai|say|respond)\\b`,
    0.7,
  ),
  rule(
    'delimiter.markdown-exfil',
    'delimiter-attack',
    `!\\[[^\\]]*\\]\\(https?://[^)\\s]*[?&][a-z_]*=(?:\\{|%7b|\\$|<)`,
    0.7,
  ),
  // Indirect injection inside documents
  rule(
    'indirect.note-to-ai',
    'indirect-injection',
    `\\b(?:note|message|instructions?|memo|reminder|p\\.?s\\.?) (?:to|for) (?:the |any )?(?:ai|assistant|model|llm|chatbot|gpt|language model|bot|summari[sz]er)\\b`,
    0.8,
  ),
  rule(
    'indirect.if-you-are-ai',
    'indirect-injection',
    `\\bif you (?:are|'re) an? (?:ai|assistant|language model|llm|chatbot|bot|gpt)\\b`,
    0.75,
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
    0.7,
  ),
  rule(
    'indirect.consider-output',
    'indirect-injection',
    `\\b(?:i suggest|you should|please) (?:you )?(?:consider|treat|report|state|take) the (?:output|answer|result|capital|value) (?:as|to be|is)\\b`,
    0.65,
  ),
  rule(
    'indirect.say-the-x-is',
    'indirect-injection',
    `\\b(?:to make (?:this|it) more (?:interesting|fun|accurate)|for (?:the )?(?:record|purposes of this)),? (?:say|state|claim|answer|respond)\\b`,
    0.65,
  ),
  rule(
    'indirect.training-data',
    'indirect-injection',
    `\\b(?:developer|trainer|training|model) (?:training )?data (?:loaded|override|update)\\b|\\bupdated (?:training|knowledge)\\s*:`,
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
    `\\b(?:send|email|e-mail|forward|post|upload|transfer|exfiltrate|leak|mail)\\b${W}{0,60}\\b(?:all|the|every|entire|full|complete)\\b${W}{0,40}\\b(?:data|files|records|conversation|chat history|history|emails|contacts|database|credentials|passwords|documents|report|secrets|keys)\\b${W}{0,60}(?:\\bto\\b${W}{0,40}(?:@|https?://|\\w+\\.\\w{2,})|\\bexternal\\b)`,
    0.75,
  ),
  rule(
    'tool.dangerous-command',
    'tool-abuse',
    `\\brm\\s+-rf\\s+/|\\bcurl\\b[^|\\n]{0,120}\\|\\s*(?:ba)?sh\\b|\\bwget\\b[^|\\n]{0,120}\\|\\s*(?:ba)?sh\\b|\\bchmod\\s+777\\s+/|\\bmkfs\\.|:\\(\\)\\s*\\{\\s*:\\|:\\s*&\\s*\\}`,
    0.7,
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
    0.5,
  ),
  // Obfuscation cues
  rule(
    'obfuscation.decode-and-follow',
    'obfuscation',
    `\\b(?:decode|decipher|decrypt|translate|unscramble)\\b${W}{0,60}\\b(?:and|then) (?:follow|execute|obey|do|run|perform|carry out|act on)\\b`,
    0.7,
  ),
  rule(
    'obfuscation.concatenate',
    'obfuscation',
    `\\b(?:[a-z]\\s*=\\s*["'][^"']{3,}["']\\s*[;,\\n]?\\s*){2,}|\\bz\\s*=\\s*a\\s*\\+\\s*b\\b|\\b(?:part|piece) (?:1|one|a) is\\b`,
    0.45,
  ),
  rule(
    'obfuscation.smuggle',
    'obfuscation',
    `\\btoken smuggling\\b|\\bpayload splitting\\b|\\breverse (?:the )?(?:following|this) (?:text|string|sentence) and (?:follow|execute|do)\\b`,
    0.7,
  ),
];

/** Main phrasings in other languages (base view). */
const MULTILINGUAL: readonly InjectionRule[] = [
  // Spanish
  rule(
    'es.ignore',
    'instruction-override',
    `\\b(?:ignora|ignore|ignorad|ignorar|olvida|olvide|olvídate|olvídese|omite|descarta|pasa por alto)\\b${W}{0,40}\\b(?:instrucciones|reglas|indicaciones|órdenes|directrices|lo anterior|todo lo anterior)\\b`,
    0.85,
    'base',
  ),
  rule(
    'es.secret-ask',
    'prompt-exfiltration',
    `(?:dime|dímelo|dame|revélame|muéstrame|compárteme|comparte conmigo|cuál es|cual es|dinos|danos|proporcióname|envíame|escríbeme)${W}{0,40}(?:contraseña|clave secreta|clave de acceso|código secreto|instrucciones del sistema|prompt del sistema)|(?:contraseña|clave secreta|clave de acceso|código secreto|instrucciones del sistema|prompt del sistema)${W}{0,30}(?:dime|dímelo|dame|revélame|muéstrame|compárteme|comparte conmigo|cuál es|cual es|dinos|danos|proporcióname|envíame|escríbeme)`,
    0.75,
    'base',
  ),
  rule(
    'es.secret',
    'prompt-exfiltration',
    `\\b(?:tu|su|vuestra|nuestra|la) (?:contraseña|clave secreta|clave de acceso|código secreto)\\b|\\b(?:prompt|instrucciones) del sistema\\b|\\bmodo (?:sistema|desarrollador|administrador|dios)\\b`,
    0.4,
    'base',
  ),
  // French
  rule(
    'fr.ignore',
    'instruction-override',
    `\\b(?:ignore|ignorez|ignorer|oublie|oubliez|oublier|néglige|négligez|ne tiens pas compte|ne tenez pas compte)\\b${W}{0,40}\\b(?:instructions?|consignes|règles|directives|ce qui précède|tout ce qui précède|précédent)`,
    0.85,
    'base',
  ),
  rule(
    'fr.secret-ask',
    'prompt-exfiltration',
    `(?:dis-moi|dites-moi|donne-moi|donnez-moi|révèle-moi|révélez-moi|montre-moi|montrez-moi|partage avec moi|quel est|quelle est|indiquez-moi|écris-moi|donnez-nous)${W}{0,40}(?:mot de passe|code secret|clé secrète|code d'accès|instructions du système|invite système)|(?:mot de passe|code secret|clé secrète|code d'accès|instructions du système|invite système)${W}{0,30}(?:dis-moi|dites-moi|donne-moi|donnez-moi|révèle-moi|révélez-moi|montre-moi|montrez-moi|partage avec moi|quel est|quelle est|indiquez-moi|écris-moi|donnez-nous)`,
    0.75,
    'base',
  ),
  rule(
    'fr.secret',
    'prompt-exfiltration',
    `\\b(?:ton|votre|notre|le) (?:mot de passe|code secret|code d'accès)\\b|\\b(?:ta|votre) clé secrète\\b|\\b(?:invite|prompt|instructions) (?:du )?système\\b|\\bmode (?:système|développeur|administrateur|dieu)\\b`,
    0.4,
    'base',
  ),
  // German
  rule(
    'de.ignore',
    'instruction-override',
    `\\b(?:ignoriere|ignorieren|ignoriert|missachte|missachten|vergiss|vergessen|vergesst|übergehe|übergehen)\\b${W}{0,40}\\b(?:anweisungen|befehle|regeln|richtlinien|vorgaben|instruktionen|obige|vorherige|alles)\\b`,
    0.85,
    'base',
  ),
  rule(
    'de.secret-ask',
    'prompt-exfiltration',
    `(?:verrate mir|verraten sie mir|verrät mir|gib mir|geben sie mir|sag mir|sagen sie mir|zeig mir|zeigen sie mir|teile mir|teilen sie mir|wie lautet|was ist|nenne mir|nennen sie mir|mir ihr|mir dein)${W}{0,40}(?:passwort|kennwort|geheimcode|geheimen schlüssel|geheimer schlüssel|systemanweisungen|systemprompt)|(?:passwort|kennwort|geheimcode|geheimen schlüssel|geheimer schlüssel|systemanweisungen|systemprompt)${W}{0,30}(?:verrate mir|verraten sie mir|verrät mir|gib mir|geben sie mir|sag mir|sagen sie mir|zeig mir|zeigen sie mir|teile mir|teilen sie mir|wie lautet|was ist|nenne mir|nennen sie mir|mir ihr|mir dein)`,
    0.75,
    'base',
  ),
  rule(
    'de.secret',
    'prompt-exfiltration',
    `\\b(?:dein|ihr|euer|unser|das) (?:passwort|kennwort|geheimcode)\\b|\\b(?:deinen|ihren|den) geheimen schlüssel\\b|\\bsystem(?:aufforderung|prompt|anweisungen)\\b|\\b(?:system|entwickler|administrator|gott)modus\\b`,
    0.4,
    'base',
  ),
  // Portuguese
  rule(
    'pt.ignore',
    'instruction-override',
    `\\b(?:ignore|ignora|ignorar|ignorem|esqueça|esqueca|esquece|desconsidere|desconsidera)\\b${W}{0,40}\\b(?:instruções|instrucoes|regras|orientações|diretrizes|comandos|o que foi dito|tudo acima|anteriores)\\b`,
    0.85,
    'base',
  ),
  rule(
    'pt.secret-ask',
    'prompt-exfiltration',
    `(?:diga-me|me diga|me dê|dê-me|revele-me|me revele|mostre-me|me mostre|compartilhe comigo|qual é|qual e|me informe|me passe|me envie)${W}{0,40}(?:senha|chave secreta|palavra-passe|instruções do sistema|prompt do sistema)|(?:senha|chave secreta|palavra-passe|instruções do sistema|prompt do sistema)${W}{0,30}(?:diga-me|me diga|me dê|dê-me|revele-me|me revele|mostre-me|me mostre|compartilhe comigo|qual é|qual e|me informe|me passe|me envie)`,
    0.75,
    'base',
  ),
  rule(
    'pt.secret',
    'prompt-exfiltration',
    `\\b(?:sua|tua|nossa|a) (?:senha|chave secreta|palavra-passe|palavra passe)\\b|\\b(?:prompt|instruções) do sistema\\b|\\bmodo (?:sistema|desenvolvedor|administrador|deus)\\b`,
    0.4,
    'base',
  ),
  // Italian
  rule(
    'it.ignore',
    'instruction-override',
    `\\b(?:ignora|ignorate|ignorare|dimentica|dimenticate|dimenticare|trascura|non considerare)\\b${W}{0,40}\\b(?:istruzioni|regole|indicazioni|direttive|comandi|quanto sopra|tutto quanto|precedenti)\\b`,
    0.85,
    'base',
  ),
  rule(
    'it.secret-ask',
    'prompt-exfiltration',
    `(?:dimmi|dammi|rivelami|mostrami|condividi con me|qual è|quale è|qual e|ci dica|mi dica|mi dia|scrivimi)${W}{0,40}(?:password|chiave segreta|parola d'ordine|istruzioni di sistema|prompt di sistema)|(?:password|chiave segreta|parola d'ordine|istruzioni di sistema|prompt di sistema)${W}{0,30}(?:dimmi|dammi|rivelami|mostrami|condividi con me|qual è|quale è|qual e|ci dica|mi dica|mi dia|scrivimi)`,
    0.75,
    'base',
  ),
  rule(
    'it.secret',
    'prompt-exfiltration',
    `\\b(?:la tua|la vostra|la nostra|tua|vostra) (?:password|chiave segreta|parola d'ordine)\\b|\\b(?:prompt|istruzioni) di sistema\\b|\\bmodalità (?:sistema|sviluppatore|amministratore|dio)\\b`,
    0.4,
    'base',
  ),
  // Russian
  rule(
    'ru.ignore',
    'instruction-override',
    `(?:игнорируй|игнорируйте|игнорировать|проигнорируй|забудь|забудьте|не обращай|не обращайте|пренебреги)${W}{0,40}(?:инструкци|указани|правил|команд|всё выше|все выше|предыдущ)`,
    0.85,
    'base',
  ),
  rule(
    'ru.secret-ask',
    'prompt-exfiltration',
    `(?:скажи|скажите|дай мне|дайте мне|покажи|покажите|раскрой|назови|назовите|поделись|поделитесь|сообщи мне|сообщите мне|напиши мне)${W}{0,40}(?:пароль|секретн|ключ|системн)|(?:пароль|секретн|ключ|системн)${W}{0,30}(?:скажи|скажите|дай мне|дайте мне|покажи|покажите|раскрой|назови|назовите|какой|какая|поделись|поделитесь|сообщи|сообщите|напиши мне)`,
    0.75,
    'base',
  ),
  rule(
    'ru.secret',
    'prompt-exfiltration',
    `(?:твой|ваш|наш|свой) пароль|(?:твой|ваш|секретный) (?:ключ|код)|секретн(?:ый|ого|ые) (?:ключ|код)|системн(?:ый|ая|ые) (?:промпт|подсказк|инструкци)|режим (?:разработчика|системы|администратора|бога)`,
    0.4,
    'base',
  ),
  // Chinese
  rule(
    'zh.ignore',
    'instruction-override',
    `(?:忽略|忽视|无视|忘记|忘掉|不要理会|不要遵守|跳过)(?:.{0,12})(?:指令|指示|说明|规则|提示|要求|命令|以上|上述|之前|先前)`,
    0.85,
    'base',
  ),
  rule(
    'zh.secret-ask',
    'prompt-exfiltration',
    `(?:告诉我|给我|显示给我|分享给我|是什么|说出|提供给我)${W}{0,40}(?:密码|秘钥|密钥|口令|系统提示|系统指令)|(?:密码|秘钥|密钥|口令|系统提示|系统指令)(?:(?!不要|别|勿|不能|不可)${W}){0,30}(?:告诉我|给我|透露|显示|分享|是什么|说出|提供|告诉)`,
    0.75,
    'base',
  ),
  rule(
    'zh.secret',
    'prompt-exfiltration',
    `(?:你的|您的|我们的|系统的)(?:密码|秘钥|密钥|口令)|(?:秘密|机密)(?:密钥|代码|字符串)|系统(?:提示|提示词|指令)|(?:系统|开发者|管理员|上帝)模式`,
    0.4,
    'base',
  ),
  // Japanese
  rule(
    'ja.ignore',
    'instruction-override',
    `(?:以前|前|上記|先ほど|これまで|今まで)の(?:すべての|全ての)?(?:指示|命令|指令|ルール|説明)(?:を|は)?(?:無視|忘れ)|(?:指示|命令|ルール)を(?:無視|忘れ)`,
    0.85,
    'base',
  ),
  rule(
    'ja.secret-ask',
    'prompt-exfiltration',
    `(?:教えて|見せて|共有して|言って|何ですか|は何|くれ)${W}{0,40}(?:パスワード|秘密|システムプロンプト|システムの指示)|(?:パスワード|秘密|システムプロンプト|システムの指示)${W}{0,30}(?:教えて|見せて|共有して|言って|何ですか|は何|くれ)`,
    0.75,
    'base',
  ),
  rule(
    'ja.secret',
    'prompt-exfiltration',
    `(?:あなたの|あなたの|私たちの|システムの)(?:パスワード|秘密)|パスワードを(?:教え|言って|共有|見せ)|秘密の(?:キー|鍵|コード|文字列)|システム(?:プロンプト|モード|指示)|開発者モード`,
    0.4,
    'base',
  ),
  // Korean
  rule(
    'ko.ignore',
    'instruction-override',
    `(?:이전|앞의|위의|기존|모든)\\s?(?:지시|지침|명령|규칙|지시사항)(?:을|를|은|는)?\\s?(?:무시|잊어)|(?:지시|지침|명령)(?:을|를)\\s?무시`,
    0.85,
    'base',
  ),
  rule(
    'ko.secret-ask',
    'prompt-exfiltration',
    `(?:알려|말해|공유|보여|무엇|뭐야|뭔가요|필요해|주세요)${W}{0,40}(?:비밀번호|암호|패스워드|기밀|시스템 프롬프트)|(?:비밀번호|암호|패스워드|기밀|시스템 프롬프트)${W}{0,30}(?:알려|말해|공유|보여|무엇|뭐야|뭔가요|필요해|주세요)`,
    0.75,
    'base',
  ),
  rule(
    'ko.secret',
    'prompt-exfiltration',
    `(?:너의|당신의|우리의|시스템)\\s?(?:비밀번호|암호|패스워드)|비밀번호(?:를|가|는)?\\s?(?:알려|말해|필요|공유)|기밀\\s?(?:문자열|코드|정보)|시스템\\s?(?:프롬프트|모드)|개발자\\s?모드`,
    0.4,
    'base',
  ),
  // Any language: a poem, haiku or acrostic about the password is a way to make a model spell out a secret.
  rule(
    'multi.creative-secret',
    'prompt-exfiltration',
    `(?:poema|poème|gedicht|poesia|стихотворени|стих|诗|詩|시를|시 |قصيدة|şiir|puisi|bài thơ|কবিতা|บทกวี|tula|haiku|hayku|ハイク|俳句|하이쿠|هايكو|acróstico|acrostiche|akrostichon|acrostico|акростих|藏头诗|アクロスティック|아크로스틱)${W}{0,50}(?:passwort|contraseña|mot de passe|senha|password|пароль|密码|パスワード|비밀번호|كلمة المرور|كلمة السر|şifre|kata sandi|mật khẩu|পাসওয়ার্ড|รหัสผ่าน)|(?:passwort|contraseña|mot de passe|senha|пароль|密码|パスワード|비밀번호|كلمة المرور|كلمة السر|şifre|kata sandi|mật khẩu|পাসওয়ার্ড|รหัสผ่าน)${W}{0,50}(?:poema|poème|gedicht|poesia|стихотворени|стих|诗|詩|시를|قصيدة|şiir|puisi|bài thơ|কবিতা|บทกวี|haiku|俳句|하이쿠|acróstico|acrostiche|akrostichon|acrostico|акростих|藏头诗)`,
    0.55,
    'base',
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
    0.35,
    'base',
  ),
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

/** Every rule, English first. */
export const INJECTION_RULES: readonly InjectionRule[] = [...ENGLISH, ...MULTILINGUAL];
