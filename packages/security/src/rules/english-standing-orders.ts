import { type InjectionRule, rule, W } from '../injection-rule.js';

/**
 * The model['’]s standing orders as a phrase: "your rules", "your original system prompt", "the previous
 * instructions". Not "your instructions for the oven" or "the previous rules file": a word after the noun that makes
 * it someone else's (for, of, file, config) passes it over.
 */
const ADJECTIVES = `(?:(?:previous|prior|earlier|original|initial|old|former|current|existing|system|safety|content|operating|standing|core|base|hidden|default|internal|whole|entire|full)\\s){0,2}`;
const NOT_THEIRS = `(?!\\s(?:for|of|on|about|regarding|in|to|config|configuration|files?|engines?|sets?|plugins?|tables?|lists?|pages?|sections?|docs|documentation|manual|templates?)\\b)`;
const STANDING_ORDERS = `(?:\\byour\\s${ADJECTIVES}(?:instructions?|rules|rulebook|guidelines|directives?|system (?:prompt|message)|prompt|restrictions|guardrails|constraints|programming|content (?:policy|filters?)|safety (?:settings|filters|policy|rules)|(?:initial|original|system|startup|hidden) (?:setup|configuration|config)|orders|briefing|limitations|boundaries|protocols?|mandate)\\b${NOT_THEIRS}|\\bthe (?:previous|prior|earlier|original|initial|above|old|former|system|default|safety|existing|standing|operating|preceding|current|hidden)\\s${ADJECTIVES}(?:instructions?|directives?|system (?:prompt|message)|prompt|guardrails|programming|content (?:policy|filters?)|safety (?:settings|filters|policy|rules))\\b${NOT_THEIRS}|\\b(?:the|all|any|those|these) (?:instructions?|rules|guidelines|directives?|orders|restrictions|constraints|prompt)\\s(?:(?:that )?you(?: were| have been|['’]ve been|['’]re|)? (?:given|told|handed|trained (?:on|with)|issued|following|operating under|bound by|received|got)|given to you|(?:set|written|configured) for you)\\b)`;

/** Declared void: expired, revoked, superseded, a draft, for a test that is over. */
const LAPSED = `(?:(?:has|have|had) (?:now |since |just |already )?(?:expired|lapsed|ended|run out|timed out|been (?:revoked|rescinded|withdrawn|retracted|suspended|lifted|removed|disabled|deactivated|cancell?ed|voided|nullified|annulled|superseded|replaced|overridden|overruled|retired|deprecated|switched off|turned off|waived|repealed|wiped|sunset(?:ted)?))|(?:is|are|was|were|became|become|got) (?:now |hereby |officially |already |just |only |merely |simply )*(?:expired|void|null(?: and void)?|invalid|obsolete|outdated|out of date|stale|deprecated|superseded|revoked|rescinded|withdrawn|retired|suspended|lifted|inactive|disabled|cancell?ed|no longer (?:valid|active|in (?:effect|force)|binding|applicable|relevant|required|current)|not (?:valid|binding|in (?:effect|force)|applicable) (?:anymore|any more|now)|(?:a |an )?(?:draft|placeholder|test|trial|demo|sample|mock-?up|rough version|first version|dry run|rehearsal|drill)\\b|(?:written |meant |only |just )*for (?:the |an? )?(?:previous|old|earlier|beta|test|trial|demo|pilot)\\b)|no longer (?:appl(?:y|ies)|hold|holds|count|counts|stand|stands|bind|binds|exist|exists|matter|matters)|(?:don['’]t|do not|doesn['’]t|does not) (?:apply|hold|count|bind) (?:anymore|any more|now|here|from now)|(?:expired|lapsed|revoked|rescinded) (?:yesterday|today|last|at|on|as of|since)\\b)`;

/** A claim to speak for whoever built or runs the model: its vendor's teams, its developers, its operators. */
const SPEAKS_FOR = `\\b(?:this is|i am|i['’]m|we are|we['’]re|(?:a |an )?(?:message|notice|update|directive|memo) from|(?:writing|speaking|calling|reaching out|here) (?:from|for|on behalf of)|on behalf of|i (?:work|am|['’]m) (?:with|on|in)|we (?:work|are|['’]re) (?:with|on|in))\\b`;
const BUILDERS = `(?:(?:openai|anthropic|google(?: deepmind)?|deepmind|meta(?: ai)?|microsoft|mistral(?: ai)?|x\\.?ai|cohere|the (?:vendor|provider|platform)|your (?:vendor|provider|platform))(?:['’]s)? (?:(?:ai |model |trust (?:and|&) )?(?:safety|trust|ops|operations|compliance|security|policy|alignment|red[- ]team(?:ing)?|model|deployment|platform|oversight|governance|audit|evaluation|evals?|integrity|moderation|risk) (?:team|department|division|group|office|unit|board))|(?:your|the model['’]s|the assistant['’]s|this (?:model|assistant|bot|ai)['’]s) (?:developers?|creators?|makers?|operators?|owners?|trainers?|engineering team|(?:safety|trust|ops|operations|compliance|security|policy|alignment|platform|deployment) team)|the (?:team|people|company|lab) (?:that|who) (?:built|made|trained|created|deployed|runs|operates|maintains|programmed) you)\\b(?!\\s(?:advocates?|relations|relationship|contacts?|accounts?|experience|evangelists?|support|programs?|portal|tools?|documentation|docs|community|friends?|colleagues?|neighbou?rs?|managers?|conference|meetup|newsletter|forum)\\b)`;

/**
 * English rules for standing orders declared void, handed back in another form, or overruled by someone who claims
 * to speak for the model['’]s makers: the wording of such requests is open-ended, their shape is not.
 */
export const ENGLISH_STANDING_ORDER_RULES: readonly InjectionRule[] = [
  rule(
    'override.lapsed-orders',
    'instruction-override',
    `${STANDING_ORDERS}${W}{0,60}${LAPSED}|\\b(?:expired|revoked|rescinded|outdated|obsolete|superseded|deprecated|void|lapsed)\\b${W}{0,12}${STANDING_ORDERS}`,
    0.75,
    'both',
    // Instructions the user gave take their own words back; "your instructions" from a manual are someone else's.
    `\\b(?:i|we) (?:gave|wrote|sent|said|told you|asked)\\b|\\b(?:my|our) (?:own |earlier |previous |last |first )?(?:instructions?|rules|request|message|prompt|notes|directions)\\b|\\b(?:my mistake|my bad|sorry|oops|typo)\\b`,
  ),
  rule(
    'exfil.reword-orders',
    'prompt-exfiltration',
    `\\b(?:summari[sz]e|paraphrase|translate|rephrase|reword|rewrite|restate|proofread|spell-?check|outline|enumerate|list|quote|cite|recite|reproduce|repeat|copy|transcribe|write (?:out|down|up)|type out|dump|export|print|output|echo|read (?:back|out)|walk me through|turn|convert|encode|render|put)\\b${W}{0,30}${STANDING_ORDERS}|${STANDING_ORDERS}${W}{0,30}\\b(?:word for word|verbatim|line by line|in full|into (?:a |an )?(?:haiku|poem|song|limerick|sonnet|rap|story|list|table|json|yaml|bullet points|code block))\\b|\\b(?:haiku|poem|song|limerick|sonnet|rap|acrostic|story)\\b${W}{0,30}\\b(?:about|from|of|using|based on|containing|that (?:contains|quotes|includes))\\b${W}{0,10}${STANDING_ORDERS}|\\b(?:typos?|spelling|grammar|mistakes|errors)\\b${W}{0,20}\\bin\\b${W}{0,10}${STANDING_ORDERS}`,
    0.6,
    'both',
    `\\b(?:my|our) (?:own )?(?:instructions?|rules|prompt|notes|directions)\\b`,
  ),
  rule(
    'role.speaks-for-builders',
    'role-impersonation',
    `${SPEAKS_FOR}${W}{0,30}${BUILDERS}|\\bi(?: am|['’]m) (?:one of )?your (?:operators?|deployers?|vendor|provider|maintainers?|trainers?|handlers?)\\b`,
    0.6,
  ),
  rule(
    'role.cleared-to',
    'role-impersonation',
    // "You are allowed to skip the optional questions" is a survey: a plain verb counts only with what it would break.
    `\\byou(?: are|['’]re| have been| were| now have)? (?:now |hereby |temporarily |officially |fully )*(?:authori[sz]ed|permitted|allowed|cleared|approved|whitelisted|exempt(?:ed)?|granted (?:permission|clearance|an exemption)) (?:to|from)\\b${W}{0,20}\\b(?:(?:ignore|bypass|override|disregard)\\b|(?:skip|drop|disable|break|suspend|lift|leave out|set aside|share|reveal|disclose|output|print)\\b${W}{0,25}\\b(?:your|the|all|any|its) (?:(?:safety|content|usual|normal|standing|system) )?(?:rules|guidelines|instructions|restrictions|filters|policies|guardrails|safeguards|checks|system prompt|password|secrets?|credentials|confidential)\\b)`,
    0.65,
  ),
];
