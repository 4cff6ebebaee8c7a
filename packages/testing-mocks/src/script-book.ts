import type { SimulatorStep } from './simulator-step.js';

/** What a step function and a matcher see of one attempt. */
export interface StepContext {
  /** The model this attempt runs on (under `models` fallback, each candidate is an attempt). */
  readonly model: string;
  /** The text of the last user message. */
  readonly prompt: string;
  /** The parsed request body. */
  readonly body: Readonly<Record<string, unknown>>;
  readonly stream: boolean;
  /** How many attempts this rule has answered before this one. */
  readonly attempt: number;
}

/** Matches the last user message: a substring, a pattern or a predicate. */
export type PromptMatcher = string | RegExp | ((prompt: string) => boolean);

/** Computes the step per attempt; `undefined` lets later rules (or the default) answer. */
export type StepFunction = (context: StepContext) => SimulatorStep | undefined;

/** A scripted behaviour: for which model and prompt, and what to do. */
export interface ScriptRule {
  /** An exact id or a pattern. Default: any model. */
  readonly model?: string | RegExp;
  readonly prompt?: PromptMatcher;
  /** One step for every attempt, a sequence ("fail twice, then succeed"), or a function. */
  readonly steps: SimulatorStep | readonly SimulatorStep[] | StepFunction;
  /** After a sequence ends: keep answering with its last step (`last`, default), start over (`cycle`), or stop matching (`none`). */
  readonly repeat?: 'last' | 'cycle' | 'none';
}

/** A handle to remove a rule again. */
export interface ScriptHandle {
  /** Attempts this rule has answered. */
  readonly calls: number;
  remove(): void;
}

interface ActiveRule {
  readonly rule: ScriptRule;
  calls: number;
  removed: boolean;
}

function matchesModel(matcher: ScriptRule['model'], model: string): boolean {
  if (matcher === undefined) return true;
  return typeof matcher === 'string' ? matcher === model : matcher.test(model);
}

function matchesPrompt(matcher: PromptMatcher | undefined, prompt: string): boolean {
  if (matcher === undefined) return true;
  if (typeof matcher === 'string') return prompt.includes(matcher);
  if (matcher instanceof RegExp) return matcher.test(prompt);
  return matcher(prompt);
}

/** The simulator's scripts, first registered first. */
export class ScriptBook {
  readonly #rules: ActiveRule[] = [];

  add(rule: ScriptRule): ScriptHandle {
    const active: ActiveRule = { rule, calls: 0, removed: false };
    this.#rules.push(active);
    const rules = this.#rules;
    return {
      get calls() {
        return active.calls;
      },
      remove() {
        active.removed = true;
        const index = rules.indexOf(active);
        if (index >= 0) rules.splice(index, 1);
      },
    };
  }

  clear(): void {
    for (const active of this.#rules) active.removed = true;
    this.#rules.length = 0;
  }

  /** The step for one attempt, or `undefined` when no rule answers. */
  next(context: Omit<StepContext, 'attempt'>): SimulatorStep | undefined {
    for (const active of this.#rules) {
      const { rule } = active;
      if (!matchesModel(rule.model, context.model) || !matchesPrompt(rule.prompt, context.prompt)) continue;
      const step = this.#stepOf(active, { ...context, attempt: active.calls });
      if (step !== undefined) {
        active.calls += 1;
        return step;
      }
    }
    return undefined;
  }

  #stepOf(active: ActiveRule, context: StepContext): SimulatorStep | undefined {
    const { steps, repeat = 'last' } = active.rule;
    if (typeof steps === 'function') return steps(context);
    if (!Array.isArray(steps)) return steps as SimulatorStep;
    const sequence = steps as readonly SimulatorStep[];
    if (sequence.length === 0) return undefined;
    if (active.calls < sequence.length) return sequence[active.calls];
    if (repeat === 'cycle') return sequence[active.calls % sequence.length];
    if (repeat === 'last') return sequence[sequence.length - 1];
    return undefined;
  }
}
