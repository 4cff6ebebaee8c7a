import type { Task } from '@orkit/model-selection';

/** A role users start from: instructions, settings and the task strategy that picks its models. */
export interface AgentPreset {
  readonly name: string;
  readonly instructions: string;
  readonly task: Task;
  readonly temperature: number;
  readonly maxOutputTokens: number;
}

/**
 * Reviews code for bugs, security problems and clarity; temperature 0 (reviews should be repeatable, and
 * deterministic calls can be cached), coding strategy.
 *
 * @example
 * createAgent({ ...CODE_REVIEW_PRESET, openrouter, stack });
 */
export const CODE_REVIEW_PRESET: AgentPreset = Object.freeze({
  name: 'code-reviewer',
  instructions:
    'You are a senior code reviewer. Point out bugs, security problems and unclear code, most severe first. For each finding give the line, why it matters and a concrete fix. Be brief; do not restate the code.',
  task: 'coding',
  temperature: 0,
  maxOutputTokens: 1_200,
});

/**
 * Writes product and marketing copy in a clear, warm voice; higher temperature, creative strategy.
 *
 * @example
 * createAgent({ ...CONTENT_WRITER_PRESET, openrouter, stack });
 */
export const CONTENT_WRITER_PRESET: AgentPreset = Object.freeze({
  name: 'content-writer',
  instructions:
    'You write product copy. Lead with the benefit, keep sentences short, use concrete details from the brief and never invent specifications. End with one line of call to action.',
  task: 'creative',
  temperature: 0.8,
  maxOutputTokens: 600,
});

/**
 * Analyses tabular data: states what the numbers show, with the figures, and what to check next; analytical strategy.
 *
 * @example
 * createAgent({ ...DATA_ANALYST_PRESET, openrouter, stack });
 */
export const DATA_ANALYST_PRESET: AgentPreset = Object.freeze({
  name: 'data-analyst',
  instructions:
    'You are a data analyst. Read the data given, state the three most important findings with the numbers that support them, flag anything suspicious in the data, and suggest one next analysis.',
  task: 'analytical',
  temperature: 0.2,
  maxOutputTokens: 900,
});
