/**
 * @module
 * The prefilter's tables, built once per rule list: each rule's required sets of strings and the keys the literal
 * pass looks for, with per string its units and where its key sits; which sets a found key may complete, and which
 * rules a found set wakes. The lists the plan reads per text are packed flat (`sorted-lists.ts`).
 */
import type { InjectionRule } from './injection-rule.js';
import { createLiteralIndex } from './literal-index.js';
import { requiredLiteralPlaces } from './pattern-literals.js';
import { maxMatchSpan } from './pattern-span.js';
import { scanKey } from './scan-keys.js';
import { packGroups, packLists } from './sorted-lists.js';

/**
 * The prefilter's tables for a rule list, and extra strings found by the same pass.
 *
 * @example
 * const tables = gateTables(rules, ['uryyb']);
 * tables.index.scan(text).found; // the keys found
 */
export function gateTables(rules: readonly InjectionRule[], extraStrings: readonly string[]) {
  // Required strings (full phrases, as the pattern says) and the keys the scan looks for: per string its key and
  // where the key sits in it; per set its strings and the keys they need.
  const literalIds = new Map<string, number>();
  const literals: string[] = [];
  const literalKey: number[] = [];
  const literalOffset: number[] = [];
  const keyIds = new Map<string, number>();
  const keys: string[] = [];
  const setIds = new Map<string, number>();
  const setLiterals: number[][] = [];
  const idOf = (literal: string, key: string): number => {
    let id = literalIds.get(literal);
    if (id !== undefined) return id;
    id = literals.length;
    literalIds.set(literal, id);
    literals.push(literal);
    let keyId = keyIds.get(key);
    if (keyId === undefined) {
      keyId = keys.length;
      keyIds.set(key, keyId);
      keys.push(key);
    }
    literalKey.push(keyId);
    literalOffset.push(literal.indexOf(key));
    return id;
  };
  // Per rule, per set it requires: how far into a match the set's string starts at most.
  const ruleBefore: Array<Map<number, number>> = [];
  const ruleSets = rules.map((rule) => {
    const sets: number[] = [];
    const before = new Map<number, number>();
    ruleBefore.push(before);
    for (const { strings: required, before: reach } of requiredLiteralPlaces(rule.pattern) ?? []) {
      const scanKeys = required.map(scanKey);
      // A string that cannot be looked for makes its set count as present: it gates nothing.
      if (scanKeys.some((key) => key === undefined)) continue;
      const members = [...new Set(required)].sort();
      const setKey = members.join('\u0000');
      let id = setIds.get(setKey);
      if (id === undefined) {
        id = setLiterals.length;
        setIds.set(setKey, id);
        setLiterals.push(members.map((literal) => idOf(literal, scanKey(literal) as string)));
      }
      if (!sets.includes(id)) sets.push(id);
      // Required twice: the nearer bound holds too.
      before.set(id, Math.min(before.get(id) ?? Number.POSITIVE_INFINITY, reach));
    }
    return sets;
  });
  const spans = rules.map((rule) => maxMatchSpan(rule.pattern));
  // Extra strings (the Caesar telltale words) ride on the same pass: each is a key of its own.
  const extraKeys = extraStrings.map((string) => {
    let key = keyIds.get(string);
    if (key === undefined) {
      key = keys.length;
      keyIds.set(string, key);
      keys.push(string);
    }
    return key;
  });
  // Per key, the extra string it is, or -1.
  const keyExtra = new Int32Array(keys.length).fill(-1);
  extraKeys.forEach((key, extra) => {
    keyExtra[key] = extra;
  });
  const index = createLiteralIndex(keys);
  // Each string's units, flat, and whether it is its key whole (found means there).
  const unitStart = new Int32Array(literals.length + 1);
  literals.forEach((literal, id) => {
    unitStart[id + 1] = (unitStart[id] as number) + literal.length;
  });
  const units = new Uint16Array(unitStart[literals.length] as number);
  literals.forEach((literal, id) => {
    for (let at = 0; at < literal.length; at += 1)
      units[(unitStart[id] as number) + at] = literal.charCodeAt(at);
  });
  const literalWhole = Uint8Array.from(literals, (literal, id) =>
    literal.length === (keys[literalKey[id] as number] as string).length ? 1 : 0,
  );

  // Per set, its strings grouped by key: [key, string, string, …] per group, so each key is looked up once.
  const setGroups: number[][][] = setLiterals.map((members) => {
    const groups = new Map<number, number[]>();
    for (const literal of members) {
      const key = literalKey[literal] as number;
      const group = groups.get(key);
      if (group) group.push(literal);
      else groups.set(key, [key, literal]);
    }
    return [...groups.values()];
  });
  // Per key, the sets with strings that need it, and those strings: [set, string, string, …] per set.
  const keyGroups: number[][][] = keys.map(() => []);
  setGroups.forEach((groups, set) => {
    for (const [key, ...members] of groups) keyGroups[key as number]?.push([set, ...members]);
  });
  // The same, packed flat for the plan's loops (nested arrays cost a cache miss per level there).
  const bySet = packGroups(setGroups);
  const byKey = packGroups(keyGroups);
  // Per set, how many rules require it; per rule, one set that triggers it (the one fewest rules share), so a
  // found set wakes only the rules it triggers, each checked once for its other sets.
  const setUse = setLiterals.map(() => 0);
  for (const sets of ruleSets) for (const set of sets) setUse[set] = (setUse[set] as number) + 1;
  const triggered: number[][] = setLiterals.map(() => []);
  const always: number[] = [];
  ruleSets.forEach((sets, rule) => {
    if (sets.length === 0) {
      always.push(rule);
      return;
    }
    let trigger = sets[0] as number;
    for (const set of sets) if ((setUse[set] as number) < (setUse[trigger] as number)) trigger = set;
    triggered[trigger]?.push(rule);
  });
  // Per set, its triggered rules; per rule, the sets it requires.
  const wakes = packLists(triggered);
  const requires = packLists(ruleSets);
  return {
    literals,
    literalOffset,
    ruleSets,
    ruleBefore,
    spans,
    extraKeys,
    keyExtra,
    index,
    unitStart,
    units,
    literalWhole,
    bySet,
    byKey,
    wakes,
    requires,
    always,
    setCount: setLiterals.length,
  };
}
