import type { CaptureSummary, Inbox } from '../../../../electron/shared/schemas.js';

/** What the sender was answered, and which script step did it: "429 (step 2)". */
export function answerLabel(capture: Pick<CaptureSummary, 'responseStatus' | 'scriptStep'>): string {
  const step = capture.scriptStep === undefined ? '' : ` (step ${capture.scriptStep})`;
  return `${capture.responseStatus}${step}`;
}

/** The name of the rule that answered a capture, or undefined when no rule did. */
export function ruleName(inbox: Inbox | undefined, capture: Pick<CaptureSummary, 'rule'>): string | undefined {
  if (capture.rule === undefined) return undefined;
  return inbox?.rules?.find((rule) => rule.id === capture.rule)?.name ?? 'a rule since deleted';
}
