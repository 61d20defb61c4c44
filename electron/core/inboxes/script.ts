import type { InboxResponse, InboxScript, InboxScriptInput } from '../../shared/answers.js';
import { storedResponse } from './templates.js';

/** A script as stored: every step complete, so later changes to the inbox's response do not alter it. */
export function completeScript(input: InboxScriptInput, base: InboxResponse): InboxScript {
  return { steps: input.steps.map((step) => storedResponse({ ...base, ...step })), then: input.then ?? 'last' };
}

/**
 * How many captures each script has answered. Kept in memory, keyed by the script object: a
 * saved script is a new object, so changing it starts over at step 1, and so does a restart.
 * Taking a step is synchronous, hence atomic: concurrent requests get consecutive steps.
 */
export class ScriptCursor {
  private readonly answered = new WeakMap<InboxScript, number>();

  /** The step (0-based) that answers the next capture, and advances past it. */
  take(script: InboxScript): number {
    const count = this.answered.get(script) ?? 0;
    this.answered.set(script, count + 1);
    const last = script.steps.length - 1;
    return script.then === 'repeat' ? count % script.steps.length : Math.min(count, last);
  }

  rewind(script: InboxScript): void {
    this.answered.delete(script);
  }
}
