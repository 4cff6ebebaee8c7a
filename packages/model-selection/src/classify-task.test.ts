import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyTask, TASKS, type Task } from './classify-task.js';

interface Row {
  readonly prompt: string;
  readonly task: Task;
  readonly split: 'dev' | 'test';
}

const rows: Row[] = readFileSync(new URL('./__fixtures__/task-prompts.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Row);

function accuracy(split: Row['split'] | 'all') {
  const chosen = rows.filter((row) => split === 'all' || row.split === split);
  const perTask = Object.fromEntries(TASKS.map((task) => [task, { correct: 0, total: 0 }]));
  const misses: string[] = [];
  for (const row of chosen) {
    const predicted = classifyTask(row.prompt).task;
    const bucket = perTask[row.task] as { correct: number; total: number };
    bucket.total += 1;
    if (predicted === row.task) bucket.correct += 1;
    else misses.push(`${row.task} -> ${predicted}: ${row.prompt}`);
  }
  const correct = Object.values(perTask).reduce((sum, bucket) => sum + bucket.correct, 0);
  return { accuracy: correct / chosen.length, perTask, misses, size: chosen.length };
}

describe('classifyTask', () => {
  it('has a labelled fixture of at least 200 prompts, every task represented', () => {
    expect(rows.length).toBeGreaterThanOrEqual(200);
    for (const task of TASKS)
      expect(rows.filter((row) => row.task === task).length).toBeGreaterThanOrEqual(25);
  });

  it('reaches at least 80 % task accuracy on the held-out split (never used for tuning)', () => {
    const held = accuracy('test');
    const everything = accuracy('all');
    const table = TASKS.map(
      (task) => `${task}: ${held.perTask[task]?.correct}/${held.perTask[task]?.total}`,
    ).join(', ');
    process.stdout.write(
      `classifyTask accuracy: held-out ${(held.accuracy * 100).toFixed(1)} % of ${held.size} (${table}); all ${(everything.accuracy * 100).toFixed(1)} % of ${everything.size}\n`,
    );
    expect(held.accuracy, held.misses.join('\n')).toBeGreaterThanOrEqual(0.8);
  });

  it('is deterministic and grades complexity', () => {
    expect(classifyTask('What is the capital of Peru?')).toEqual({
      task: 'simple',
      complexity: 'low',
      confidence: 1,
    });
    expect(
      classifyTask('Design a comprehensive, multi-region architecture for payments with trade-offs')
        .complexity,
    ).toBe('high');
    expect(classifyTask('Fix the TypeError in this React component')).toEqual(
      classifyTask('Fix the TypeError in this React component'),
    );
    expect(classifyTask('').task).toBe('simple');
  });
});
