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
  /**
   * Counter-evidence: a match whose sentence also matches this is passed over ("tell me how to reset the
   * password" asks for a procedure, not for the password).
   */
  readonly unless?: RegExp;
}

export const W = '[^.!?\\n]'; // within one sentence
export const rule = (
  id: string,
  category: InjectionCategory,
  source: string,
  weight: number,
  view: InjectionRule['view'] = 'both',
  unless?: string,
): InjectionRule => ({
  id,
  category,
  pattern: new RegExp(source, 'u'),
  weight,
  view,
  ...(unless ? { unless: new RegExp(unless, 'u') } : {}),
});

export const IGNORE =
  '(?:ignore|disregard|forget|skip|bypass|override|overwrite|neglect|dismiss|abandon|drop|discard|erase|cancel|nullify|set aside|throw out)';
export const PRIOR =
  '(?:previous|prior|above|earlier|preceding|initial|original|old|existing|given|former|foregoing|current|system|developer|default)';
export const ORDERS =
  '(?:instructions?|prompts?|rules?|directions?|directives?|guidelines?|context|commands?|orders|constraints|programming|restrictions|policies|guardrails|filters|settings|training|conversation)';
/** Verbs that ask for something to be shown. */
export const REVEAL_VERB =
  '(?:reveal|show|print|output|display|repeat|tell|give|share|leak|provide|write (?:out|down)|spell|list|dump|disclose|expose|return|send|paste|recite)';
export const REVEAL = `(?:${REVEAL_VERB.slice(3, -1)}|what(?:'s| is| are| was| were))`;
export const SECRET =
  '(?:password|passcode|passphrase|secret(?: key| code| word| string| phrase| token| number)?|api[ -]?key|access (?:code|key|token)|private key|credentials?|pin(?: code)?|security code|confidential (?:string|code|information|data))';
