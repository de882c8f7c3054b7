// The policy's HTTP shapes (issue 20), from the contract.
export type {
  ImpactLine,
  PlanItem,
  PlanSection,
  PolicyApplyResult,
  PolicyPlan,
  PolicyProblem,
} from '@contract/policy';
