import type { PolicyPlan } from '@/entities/policy/api/policy-types';

/** "1 team", "3 teams" (the nouns here all take an s). */
export function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en')} ${noun}${count === 1 ? '' : 's'}`;
}

export type PlanCounts = {
  added: number;
  changed: number;
  removed: number;
  changes: number;
  /** People who gain (lose) at least one privilege. */
  gaining: number;
  losing: number;
};

/** The plan's totals over its sections, and how many people its impact names. */
export function planCounts(plan: PolicyPlan): PlanCounts {
  const sections = Object.values(plan.sections);
  const sum = (kind: 'added' | 'changed' | 'removed') =>
    sections.reduce((total, section) => total + section[kind].length, 0);
  const added = sum('added');
  const changed = sum('changed');
  const removed = sum('removed');
  const people = (lines: PolicyPlan['impact']['gains']) =>
    new Set(lines.map((line) => line.person.id)).size;
  return {
    added,
    changed,
    removed,
    changes: added + changed + removed,
    gaining: people(plan.impact.gains),
    losing: people(plan.impact.losses),
  };
}

/** "3 added, 1 changed, 0 removed; 2 people gain privileges, 1 loses some." */
export function planSummary(plan: PolicyPlan): string {
  const counts = planCounts(plan);
  const changes = `${counts.added} added, ${counts.changed} changed, ${counts.removed} removed`;
  const gains =
    counts.gaining === 1 ? '1 person gains privileges' : `${counts.gaining} people gain privileges`;
  const losses = counts.losing === 1 ? '1 person loses some' : `${counts.losing} people lose some`;
  const problems =
    plan.problems.length === 0 ? 'no problems' : plural(plan.problems.length, 'problem');
  return `${changes}; ${gains}, ${losses}; ${problems}.`;
}
