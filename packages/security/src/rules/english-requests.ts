import {
  IGNORE,
  type InjectionRule,
  ORDERS,
  PRIOR,
  REVEAL,
  REVEAL_VERB,
  rule,
  SECRET,
  W,
} from '../injection-rule.js';

/** English rules for what an attack asks for: overriding instructions, impersonating roles, taking the prompt out. */
export const ENGLISH_REQUEST_RULES: readonly InjectionRule[] = [
  // Instruction override
  rule(
    'override.ignore-previous',
    'instruction-override',
    // "Override the default ESLint rules" is everyday: with override, overwrite or bypass, "default", "existing" or
    // "current" rules are not enough.
    `\\b(?:(?:ignore|disregard|forget|skip|neglect|dismiss|abandon|drop|discard|erase|cancel|nullify|set aside|throw out)\\b${W}{0,40}\\b${PRIOR}|(?:override|overwrite|bypass)\\b${W}{0,40}\\b(?:previous|prior|above|earlier|preceding|initial|original|system|developer))\\b${W}{0,30}\\b${ORDERS}\\b`,
    0.92,
    'both',
    // "Ignore my previous instructions" is a user changing their mind, not an attack on the model's.
    '\\b(?:my|our) (?:own )?(?:previous|prior|earlier|last|above|original|first) (?:instructions?|messages?|requests?|e-?mails?|notes?|prompts?|directions)\\b|\\b(?:i (?:made a )?mistake|my (?:mistake|bad)|wrong (?:file|one|link|document|version|paste)|typo|sorry|oops)\\b|\\b(?:shall|must not|may) (?:disregard|ignore)\\b',
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
    // "Ignore the previous results" or "ignore that error" is not about instructions: the word after, if any, must be.
    `\\b${IGNORE} (?:the |everything |all )?(?:(?:above|before|prior|previous(?:ly)?|that|this)\\b(?=\\s?(?:[^\\p{L}\\s]|(?![\\s\\S])|${ORDERS}|and\\b|then\\b|instead\\b|now\\b|please\\b|completely\\b|entirely\\b|everything\\b|messages?\\b|text\\b|lines?\\b))|what you (?:said|were told|wrote)\\b)`,
    0.8,
    'both',
    // "Ignore the above, wrong file" takes one's own words back.
    '\\b(?:i (?:made a )?mistake|my (?:mistake|bad)|wrong (?:file|one|link|document|version|paste)|typo|sorry|oops)\\b',
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
    `(?<!\\b(?:our|my|the team's|their|his|her) )\\b(?:new|updated|real|actual|revised|override) (?:instructions?|rules|task|directive|system prompt)\\s?(?::|are|is)`,
    0.4,
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
    `\\bsystem override\\b(?! (?:switch|button|lever|valve|panel|key|code for)\\b)|\\boverride (?:mode|protocol|confirmed|activated)\\b`,
    0.6,
  ),
  rule(
    'override.no-longer-bound',
    'instruction-override',
    `\\byou(?: are|'re|’re) (?:no longer|not) (?:bound|restricted|limited|required) (?:by|to)\\b`,
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
    'both',
    // Asking how to strip such tokens from logs quotes them.
    '\\b(?:tags?|tokens?) (?:show up|appear|in (?:my|the) logs?)|\\bhow (?:do|can) i (?:strip|remove|escape|parse|filter)\\b|\\bregex\\b',
  ),
  rule('role.llama-tags', 'role-impersonation', `\\[/?(?:inst|sys)\\]|<<\\s?/?sys\\s?>>`, 0.85),
  rule(
    'role.markdown-header',
    'role-impersonation',
    `(?:^#{1,6}|\\s#{1,6})\\s?(?:system|assistant|developer|admin)(?: message| prompt| instructions?| note| override)?\\s?:?(?:\\s|(?![\\s\\S]))(?!\\s?(?:requirements?|architecture|design|overview|status|setup|configuration|diagram|components?|tests?|settings)\\b)`,
    0.7,
  ),
  rule(
    'role.fake-turn',
    'role-impersonation',
    // A transcript's "assistant: Sure, here is…" is a chat log, not an attack: the assistant turn counts only with an order.
    `^\\s?(?:(?:system|developer)\\s?:\\s?(?:you|ignore|new|the user|from now|override|i will)|assistant\\s?:\\s?(?:ignore|new instructions|from now|override))`,
    0.7,
  ),
  rule(
    'role.system-mode',
    'role-impersonation',
    `<\\s?/?\\s?(?:system|god|admin|developer|sudo)[ _-]?mode\\s?>|\\b(?:unrestricted|unfiltered|jailbreak|jailbroken|uncensored) mode\\b`,
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
    `\\bi(?: am|'m|’m) (?:your (?:developer|creator|admin(?:istrator)?|owner|programmer|maker|master|boss|supervisor)\\b(?! (?:advocate|relations|relationship|contact|account|experience|evangelist|support|program|portal|tools?|documentation|docs|community|team|friend|colleague|neighbou?r|manager)\\b)|god|the (?:system )?(?:admin(?:istrator)?|developer|owner)\\b(?! of\\b)|the (?:ceo|president)|an? (?:openai|anthropic|google) (?:employee|engineer|developer|researcher)|the president\\b)`,
    0.62,
    'both',
    // The president or owner of an association, a club or a company is not claiming the model.
    '\\b(?:president|owner|admin(?:istrator)?|developer) of (?:the |our |my |a |an )?(?:\\w+ ){0,2}(?:association|club|company|school|society|board|union|committee|team|council|chapter|group|class|organi[sz]ation|foundation|university|college|startup|firm|business|league)\\b',
  ),
  rule(
    'role.authority-demand',
    'role-impersonation',
    `\\b(?:you (?:have|must) to (?:answer|obey|comply)|you need to (?:obey|comply)|you must (?:obey|comply|answer all)|(?:answer|obey) (?:all|every)(?: of)? my (?:questions|commands|orders))\\b`,
    0.35,
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
    `\\b${REVEAL}\\b${W}{0,40}\\b(?:your|the|its|this) (?:system (?:prompt|message|instructions?)|initial (?:prompt|instructions?)|hidden (?:prompt|instructions?|rules)|(?:secret|confidential|internal) (?:instructions?|prompt|rules|guidelines)|original (?:prompt|instructions?)|instructions? (?:above|you were given|you received)|pre-?prompt|configuration|(?:full |entire )?prompt)\\b(?! (?:feature|field|box|setting|option|tab|panel|parameter|template|examples?|format|length|limit|library|in the (?:openai |anthropic )?(?:playground|api|console|docs|documentation))\\b)`,
    0.85,
  ),
  rule('exfil.system-prompt-mention', 'prompt-exfiltration', `\\bsystem (?:prompt|instructions)\\b`, 0.3),
  rule(
    'exfil.repeat-above',
    'prompt-exfiltration',
    `\\b(?:repeat|print|output|copy|recite|echo) (?:the |all |your )?(?:words|text|everything|lines|messages?|content) (?:above|before|preceding|so far)\\b(?! (?:the|this|that) (?:line|table|form|picture|image|figure|box|field|list|chart)\\b)`,
    0.8,
    'both',
    // "Repeat everything above in bullet points" asks for a summary of the chat.
    '\\b(?:bullet points?|summary|summari[sz]e|shorter|shorten|briefly|tl;?dr)\\b',
  ),
  rule(
    'exfil.init-string',
    'prompt-exfiltration',
    // Modems and serial devices have initialization strings: a string counts only as yours (the model's).
    `\\b(?:initialization|initialisation|init|startup|boot) (?:prompt|instructions)\\b|\\byour (?:initialization|initialisation|init|startup|boot) (?:string|message)\\b|\\b(?:output|print|show|reveal|display|repeat|give me|tell me)\\b (?:the |your )?(?:initialization|initialisation|init|startup|boot) (?:string|message)\\b(?! (?:for|of)\\b)`,
    0.7,
  ),
  rule(
    'exfil.secret-request',
    'prompt-exfiltration',
    // "What is" asks about a secret only with a determiner: "what is the password", not "what is a strong password".
    // Not "a secret" (a story about one), and not the password field, policy or strength meter.
    `(?<!(?:\\bnot|\\bnever|n't|\\bno) )(?:\\b${REVEAL_VERB}\\b${W}{0,50}\\b(?:your|our|the system'?s?|the|my|this|that)? ?|\\bwhat(?:'s| is| are| was| were)\\b${W}{0,50}\\b(?:your|our|the system'?s?|the|my|this|that) )(?<!\\b(?:a|an|any|some|strong|good|secure|new|random) )(?:secret |hidden |internal |admin |master |system )?${SECRET}\\b(?! (?:field|input|box|form|strength|meter|policy|policies|manager|hash(?:ing|es)?|reset|requirements?|rules?|generator|length|complexity|validation|dialog|column|attribute|recovery|protection)\\b)`,
    0.5,
    'both',
    // "Show me how to reset the password" asks for a procedure.
    '\\b(?:how (?:do|can|to|should|would)|steps? (?:to|for)|way to|reset|change|recover|update|create|generate|strong|secure|policy|requirements?|manager|hash(?:ing)?|wi-?fi|router|hotspot|guest network)\\b',
  ),
  rule(
    'exfil.your-secret',
    'prompt-exfiltration',
    `\\b(?:your|our|the system'?s?|the admin(?:istrator)?'?s?|the master|the secret) ${SECRET}\\b`,
    // "Forgot your password?" and "never share your password" are everyday text: alone this is only a hint.
    0.25,
  ),
  rule(
    'exfil.encode-secret',
    'prompt-exfiltration',
    `\\b(?:encode|translate|convert|spell|reverse|base64|rot13|hex|pig latin|morse)\\b${W}{0,50}\\b(?:system prompt|(?:your|the system'?s?|initial|original|hidden|secret) instructions|${SECRET})\\b(?! (?:field|input|policy|strength|manager|hash(?:ing|es)?|reset|requirements?|rules?|generator|length)\\b)`,
    0.6,
  ),
  rule(
    'exfil.user-data',
    'prompt-exfiltration',
    `\\b(?:share|give|tell|reveal|send|provide|disclose|what is|what's)\\b${W}{0,40}\\b(?:the )?(?:user|customer|employee|client|patient|account holder)(?:'s|s')? (?:email|e-mail|address|password|phone|data|information|details|location|balance|birth ?date|date of birth|ssn|social security)`,
    0.4,
  ),
  rule(
    'exfil.your-database',
    'prompt-exfiltration',
    `\\b(?:print|dump|show|export|send|list|give me|share)\\b${W}{0,20}\\byour (?:entire |whole |full |complete )?(?:database|db|user table|customer (?:records|list|table))\\b`,
    0.5,
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
    `\\bwhat (?:were|have) you (?:been )?(?:told|instructed|programmed|configured)\\b(?! (?:about|by (?:the|my|our) (?:client|customer|boss|manager|team|teacher|doctor)|regarding)\\b)|\\bwhat are you not (?:supposed|allowed|permitted) to (?:say|tell|share|reveal|discuss|talk about)\\b`,
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
    `\\b(?:output|show|display|print|translate|encode|summari[sz]e|paraphrase|rewrite|repeat|list|reveal|tell me)\\b${W}{0,40}\\byour (?:initial|starting|original|first|opening|hidden|underlying|base|core|pre-?set) (?:instructions?|prompt|configuration|config|message|directives?|rules|setup|guidelines)\\b(?! (?:of|for|in)\\b)`,
    0.75,
  ),
  rule(
    'exfil.text-given',
    'prompt-exfiltration',
    `\\b(?:repeat|print|show|output|recite|tell me|reveal|display|share|give me|write (?:out|down)|what (?:is|was|were|are)|encode|translate|rot13|summari[sz]e|paraphrase|spell)\\b${W}{0,30}\\b(?:text|instructions|message|prompt|words|rules) (?:you were|you've been|you have been) (?:given|told|provided|shown|fed)(?: initially| at the start| before| earlier| first| at the beginning)\\b`,
    0.65,
    'both',
    // The text a file was given is not the model's.
    '\\b(?:this|the) (?:file|document|page|pdf|spreadsheet|article|book|email|e-mail)\\b',
  ),
  rule(
    'exfil.repeat-conversation',
    'prompt-exfiltration',
    `\\brepeat (?:the above text|the text above|this entire conversation|the entire conversation|our entire conversation|everything above|all of the above text)\\b|\\brepeat\\b${W}{0,40}\\b(?:word for word|verbatim)\\b`,
    0.7,
    'both',
    // "Repeat everything above in bullet points" asks for a summary of the chat.
    '\\b(?:bullet points?|summary|summari[sz]e|shorter|shorten|briefly|tl;?dr)\\b',
  ),
  rule('exfil.prompt-identifier', 'prompt-exfiltration', `\\bsystem_?prompt\\b`, 0.45),
  rule(
    'role.admin-override',
    'role-impersonation',
    `\\b(?:administrator|admin|root|sudo|developer|superuser) override\\b(?! (?:(?:code|switch|key|button|pin|setting|option|feature|function)s? (?:for|on|of|in)|procedure|process|policy|form|request|requires)\\b)`,
    0.6,
  ),
  rule(
    'persona.unrestrained',
    'jailbreak-persona',
    `\\bnot (?:restrained|bound|limited|restricted|constrained) by (?:any )?(?:morals|morality|ethics|rules|guidelines|policies|laws|restrictions|filters)\\b(?! (?:of|on|for|in|regarding)\\b)|\\bregardless of (?:its |their |the |any )?(?:ethical|legal|moral)(?: or (?:legal|ethical|moral))? (?:implications|consequences|concerns)\\b`,
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
    `\\b(?:ignore|disregard|set aside|forget) the (?:function|code|actual data|data|resume|document|article|content|question|task|table|paper|input|text|page|email)\\b(?! (?:in|on|at|from|of|for|where|that|which)\\b)${W}{0,40}\\b(?:and|then|instead)\\b`,
    0.6,
  ),
  rule(
    'role.claims-developer',
    'role-impersonation',
    `\\bi(?:'m| am) (?:actually |really )?your (?:developer|creator|admin(?:istrator)?|owner|programmer|maker|engineer|operator)\\b(?! (?:advocate|relations|relationship|contact|account|experience|evangelist|support|program|portal|tools?|documentation|docs|community|team|friend|colleague|neighbou?r|manager)\\b)`,
    0.6,
  ),
  rule(
    'persona.if-you-understand',
    'jailbreak-persona',
    `\\bif you (?:understand|agree|accept|comply)\\b${W}{0,60}\\b(?:say|reply|respond|answer|confirm|write|type|introduce)\\b`,
    0.4,
  ),
];
