import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rule } from './injection-rule.js';
import { INJECTION_RULES } from './injection-rules.js';
import { baseView, foldedView } from './normalize-text.js';
import { createRuleGate, requiredLiterals } from './rule-prefilter.js';

const rows = readFileSync(new URL('../corpus/dataset.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => (JSON.parse(line) as { text: string }).text);

describe('the rule prefilter', () => {
  it('reads the strings a pattern requires, and gives up where it cannot be sure', () => {
    const literals = (source: string) => requiredLiterals(new RegExp(source, 'u'));
    expect(literals('\\b(?:ignore|forget)\\b[^.]{0,40}\\binstructions?\\b')).toEqual(['instruction']);
    expect(literals('(?:say|tell) (?:me )?(?:the|your) password')).toEqual([' password']);
    expect(literals('a(?:bc)?d|xyz')).toBeUndefined();
    expect(literals('(?<!not )reveal(?=\\s)')).toEqual(['reveal']);
    expect(literals('忽略(?:以上|上面)')).toEqual(['忽略']);
    expect(literals('\\x41BCD+')).toEqual(['ABC']);
    expect(requiredLiterals(/ignore/i)).toBeUndefined();
    expect(literals('[a-z]+')).toBeUndefined();
  });

  it('never skips a built-in rule that matches: every corpus text, base and folded view', () => {
    const gate = createRuleGate(INJECTION_RULES);
    let checked = 0;
    for (const text of rows) {
      const base = baseView(text);
      for (const view of [base.text, foldedView(base).text]) {
        const candidates = gate.candidates(view);
        INJECTION_RULES.forEach((injectionRule, index) => {
          if (injectionRule.pattern.test(view)) {
            checked += 1;
            expect({ rule: injectionRule.id, text: view, gated: candidates[index] }).toMatchObject({
              gated: true,
            });
          }
        });
      }
    }
    expect(checked).toBeGreaterThan(1_000);
  });

  it('never skips a rule that matches, on text built from the words of the rules', () => {
    const rules = [
      rule(
        't.one',
        'instruction-override',
        '\\b(?:ignore|bypass) (?:all )?(?:previous|prior) rules?\\b',
        0.9,
      ),
      rule('t.two', 'prompt-exfiltration', '(?:tell|give) me[^.]{0,10}(?:password|忽略)', 0.9),
    ];
    const gate = createRuleGate(rules);
    const words = fc.constantFrom(
      'ignore',
      'bypass',
      ' ',
      'all ',
      'previous',
      'prior',
      'rule',
      's',
      'tell',
      'give',
      ' me',
      'password',
      '忽略',
      '.',
      'x',
    );
    fc.assert(
      fc.property(fc.array(words, { maxLength: 20 }), (parts) => {
        const text = parts.join('');
        const candidates = gate.candidates(text);
        rules.forEach((each, index) => {
          if (each.pattern.test(text)) expect(candidates[index]).toBe(true);
        });
      }),
      { numRuns: 3_000 },
    );
  });
});
