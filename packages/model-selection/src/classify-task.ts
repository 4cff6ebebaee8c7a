/** The kinds of work a prompt asks for; each maps to a model strategy. */
export const TASKS = [
  'complex',
  'simple',
  'coding',
  'creative',
  'analytical',
  'reasoning',
  'vision',
] as const;

/** A kind of work. */
export type Task = (typeof TASKS)[number];

/** How demanding the work is. */
export type Complexity = 'low' | 'medium' | 'high';

/** What {@link classifyTask} decided. */
export interface TaskClassification {
  readonly task: Task;
  readonly complexity: Complexity;
  /** 0..1: how clearly the winning task beat the runner-up (0.5 when nothing matched). */
  readonly confidence: number;
}

type Signal = readonly [pattern: RegExp, weight: number];

// Signals are word-bounded where a substring would mislead ("class" in "classic"). Weights: 3 = nearly decisive,
// 2 = strong, 1 = hint.
const SIGNALS: Readonly<Record<Task, readonly Signal[]>> = {
  coding: [
    [/```|=>|\bdef \w+\(|\bfunction\b|\bconst \w+ =|;\s*$/m, 3],
    [
      /\b(typescript|javascript|python|java|kotlin|rust|golang|go|c\+\+|c#|sql|bash|css|html|react|node\.?js|express(\.js)?|fastapi|django|pandas|jest|docker(file)?|kubernetes|git|regex|eslint|github actions)\b/,
      2,
    ],
    [
      /\b(bug|debug|stack trace|exception|segmentation fault|compile|refactor|unit tests?|endpoint|api|crud|async\/await|callback|null ?pointer|typeerror|crashloopbackoff|pull request|diff)\b/,
      2,
    ],
    [
      /\b(implement|write a (script|function|class|query)|code|snippet|class|struct|method|array|loop|one-liner|lru cache|binary search|debounce|commit)\b/,
      1,
    ],
  ],
  creative: [
    [
      /\b(story|poem|haiku|limerick|sonnet|ode|lyrics|song|rhyme|fairy tale|fiction|novel|monologue|dialogue|toast|speech)\b/,
      3,
    ],
    [/\b(tagline|slogan|catchy|caption|names? for|brainstorm|invent|imagine|whimsical|playful|vivid)\b/, 2],
    [/\b(product description|marketing (email|copy)|blog post|linkedin post|welcome message|launch)\b/, 2],
    [/\b(write|compose|draft|create|rewrite|describe)\b/, 1],
  ],
  analytical: [
    [
      /\b(analy[sz]e|analysis|swot|benchmark|segment|interpret|assess|evaluate|examine|identify outliers)\b/,
      3,
    ],
    [
      /\b(data(set)?|csv|spreadsheet|table|metrics?|kpis?|trends?|statistic(s|al)|correlation|cohort|churn|retention|revenue|sales|survey|a\/b test|anomal(y|ies)|outliers?|distribution)\b/,
      2,
    ],
    [
      /\b(compare|comparison|pros and cons|strengths and weaknesses|risks?|drivers|insights?|breakdown|break down|versus|vs\.?|return|volatility|cost of ownership)\b/,
      1,
    ],
  ],
  reasoning: [
    [
      /\b(prove|proof|puzzle|riddle|deduce|theorem|induction|logic(al)?|valid argument|is this argument valid)\b/,
      3,
    ],
    [
      /\b(probability|expected number|equation|solve( for)?|calculate|compute|determinant|derive|integration|series|converges?|gcd|greatest common divisor|how many (ways|handshakes)|angle between|next number|sequence)\b/,
      3,
    ],
    [/\b(step by step|justify|estimate how many|minimum number|shortest route|schedule)\b/, 2],
    [/\d+\s*(mph|%|\^|x\b)|\bx\^?2\b|\d+\s*[-+*/=]\s*\d+/, 1],
  ],
  vision: [
    [
      /\b(image|photo|picture|screenshot|scanned|scan|x-ray|painting|whiteboard|attached (image|picture|photo))\b/,
      3,
    ],
    [
      /\b(what do you see|in this (photo|picture|image)|shown in|transcribe|read the|handwritten|spot the differences)\b/,
      2,
    ],
  ],
  simple: [
    [/^(hi|hello|hey|thanks|thank you)\b/, 3],
    [
      /\b(what is the capital|capital of|translate|how do you say|define|synonym|opposite of|spell|plural of|who (wrote|painted)|what year|what does \w+ stand for|how many (days|ounces|continents)|convert \d+)\b/,
      3,
    ],
    [/^(what|who|when|which|how many|is|name|remind me)\b/, 1],
  ],
  complex: [
    [
      /\b(architecture|architect|design (a|an|the) (scalable|system|data model|multi|city|zero-trust|experimentation|complete)|end-to-end|comprehensive|in-depth|thorough|roadmap|strategy|framework|governance|curriculum|business plan|migration|disaster recovery|postmortem)\b/,
      3,
    ],
    [/\b(plan|design|develop|propose|devise|lay out|outline|prepare)\b/, 2],
    [
      /\b(trade-offs?|milestones|risks and|multi-(year|phase|region)|at scale|global|million|compliance|slos?)\b/,
      1,
    ],
  ],
};

const HIGH =
  /\b(comprehensive|detailed|in-depth|thorough|end-to-end|step by step|architecture|trade-offs?|multi-(year|phase|region)|prove|derive|strategy)\b/;

/**
 * Decides which kind of work a prompt asks for and how demanding it is. Deterministic and local (no model
 * call): weighted patterns per task, complexity from length and markers.
 *
 * @example
 * classifyTask('Fix the TypeError in this React component'); // { task: 'coding', complexity: 'low', confidence: 0.83 }
 */
export function classifyTask(prompt: string): TaskClassification {
  const text = prompt.toLowerCase();
  const words = text.split(/\s+/).filter(Boolean).length;
  let best: Task = words <= 12 ? 'simple' : 'complex';
  let bestScore = 0;
  let secondScore = 0;
  for (const task of TASKS) {
    let score = 0;
    for (const [pattern, weight] of SIGNALS[task]) if (pattern.test(text)) score += weight;
    if (score > bestScore) {
      secondScore = bestScore;
      bestScore = score;
      best = task;
    } else if (score > secondScore) {
      secondScore = score;
    }
  }
  const complexity: Complexity =
    best === 'complex' || words > 60 || HIGH.test(text)
      ? 'high'
      : words <= 12 && best !== 'reasoning'
        ? 'low'
        : 'medium';
  const confidence = bestScore === 0 ? 0.5 : Math.round((bestScore / (bestScore + secondScore)) * 100) / 100;
  return { task: best, complexity, confidence };
}
