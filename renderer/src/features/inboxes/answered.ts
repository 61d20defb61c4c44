import type { CaptureSummary } from '../../../../electron/shared/schemas.js';

/** What the sender was answered, and which script step did it: "429 (step 2)". */
export function answerLabel(capture: Pick<CaptureSummary, 'responseStatus' | 'scriptStep'>): string {
  const step = capture.scriptStep === undefined ? '' : ` (step ${capture.scriptStep})`;
  return `${capture.responseStatus}${step}`;
}
