/** The rule catalog, in the order `spx rules` lists them (the contract's table order). */
import type { Rule } from '../rule.js';
import { crmStepInTwoStages } from './crm-step-in-two-stages.js';
import { crmUnknownRole } from './crm-unknown-role.js';
import { crmUnknownTarget } from './crm-unknown-target.js';
import { crmWonUnmapped } from './crm-won-unmapped.js';
import { decisionMakerAbsent } from './decision-maker-absent.js';
import { duplicateProcess } from './duplicate-process.js';
import { durationOrder } from './duration-order.js';
import { duplicateTransition } from './duplicate-transition.js';
import { gateBypass } from './gate-bypass.js';
import { lostWithoutReason } from './lost-without-reason.js';
import { noAskStep } from './no-ask-step.js';
import { noBuyer } from './no-buyer.js';
import { noExitCriteria } from './no-exit-criteria.js';
import { noNextStep } from './no-next-step.js';
import { noOwner } from './no-owner.js';
import { noPathToWon } from './no-path-to-won.js';
import { probabilitySum } from './probability-sum.js';
import { schema } from './schema.js';
import { segmentExpectations } from './segment-expectations.js';
import { segmentGap } from './segment-gap.js';
import { segmentOverlap } from './segment-overlap.js';
import { targetMissed } from './target-missed.js';
import { trapCycle } from './trap-cycle.js';
import { unknownReference } from './unknown-reference.js';
import { unreachableStep } from './unreachable-step.js';
import { unscheduledNextStep } from './unscheduled-next-step.js';
import { unusedBuyerRole } from './unused-buyer-role.js';
import { unusedDisableDirective } from './unused-disable-directive.js';
import { valueNotPresented } from './value-not-presented.js';
import { versionNotBumped } from './version-not-bumped.js';
import { wonWithoutAsk } from './won-without-ask.js';
import { yamlSyntax } from './yaml-syntax.js';

export const UNUSED_DIRECTIVE_RULE = unusedDisableDirective;

/** Every lint rule, in the order they run. */
export const RULES: readonly Rule[] = [
  yamlSyntax,
  schema,
  unknownReference,
  unreachableStep,
  noNextStep,
  unscheduledNextStep,
  lostWithoutReason,
  probabilitySum,
  duplicateTransition,
  noPathToWon,
  trapCycle,
  noAskStep,
  wonWithoutAsk,
  gateBypass,
  decisionMakerAbsent,
  noOwner,
  noBuyer,
  unusedBuyerRole,
  noExitCriteria,
  valueNotPresented,
  segmentExpectations,
  targetMissed,
  durationOrder,
  crmUnknownTarget,
  crmStepInTwoStages,
  crmWonUnmapped,
  crmUnknownRole,
  duplicateProcess,
  segmentOverlap,
  segmentGap,
  versionNotBumped,
  unusedDisableDirective,
];
