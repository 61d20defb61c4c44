import { useState } from 'react';
import type { Inbox, InboxPatch } from '../../../../electron/shared/schemas.js';
import { RULES_MAX } from '../../../../electron/shared/answers.js';
import { matchSummary, newRuleDraft, ruleDraft, ruleFromDraft, type ResponseDraft, type RuleDraft } from './drafts.js';
import { HandshakeMenu } from './HandshakeMenu.js';
import { RuleEditor } from './RuleEditor.js';

/** The rules part of the settings form: its state, and what to send for it. */
export function useRuleFields(inbox: Inbox) {
  const [rules, setRules] = useState<RuleDraft[]>(() => (inbox.rules ?? []).map(ruleDraft));
  const [editing, setEditing] = useState<string | null>(null);
  /** `rules` for the PATCH; none clears them. */
  const patch = (): Pick<InboxPatch, 'rules'> => {
    if (rules.length === 0) return inbox.rules ? { rules: null } : {};
    return { rules: rules.map(ruleFromDraft) };
  };
  /** Opens the rule a server message is about (`rules.2.response.body`), so the message shows beside its field. */
  const reveal = (field: string | undefined) => {
    const index = /^rules\.(\d+)\./.exec(field ?? '')?.[1];
    const rule = index === undefined ? undefined : rules[Number(index)];
    if (rule) setEditing(rule.key);
  };
  /** After a preset was applied on the server: its rules as they are now. */
  const reset = (updated: Inbox) => {
    setRules((updated.rules ?? []).map(ruleDraft));
    setEditing(null);
  };
  return { rules, setRules, editing, setEditing, patch, reveal, reset };
}

/**
 * Ordered rules, each a matcher and its own answer: add, edit, switch on and off, move, delete,
 * or add a provider's handshake preset. `problem(field)` is the server's message for a field.
 */
export function RuleList({
  inbox,
  fields,
  answer,
  problem,
}: {
  inbox: Inbox;
  fields: ReturnType<typeof useRuleFields>;
  /** The inbox's answer as edited: a new rule starts from it. */
  answer: ResponseDraft;
  problem(field: string): string | null;
}) {
  const { rules, setRules, editing, setEditing } = fields;
  const replace = (key: string, next: RuleDraft) => setRules(rules.map((rule) => (rule.key === key ? next : rule)));
  const move = (index: number, by: number) => {
    const next = [...rules];
    [next[index], next[index + by]] = [next[index + by]!, next[index]!];
    setRules(next);
  };
  const add = () => {
    const draft = newRuleDraft(`Rule ${rules.length + 1}`, answer);
    setRules([...rules, draft]);
    setEditing(draft.key);
  };
  return (
    <fieldset className="wide rule-fields">
      <legend>Rules</legend>
      <p className="muted">
        Checked in order before the answer above and any script: the first rule that is on and matches a request answers it (without using a
        script step).
      </p>
      <HandshakeMenu inbox={inbox} onApplied={fields.reset} />
      {rules.length > 0 && (
        <ol className="rule-list" aria-label="Rules, in the order they are checked">
          {rules.map((rule, index) => {
            const own = (field: string) => problem(`rules.${index}.${field}`);
            const closedProblem = editing === rule.key ? null : problem(`rules.${index}`);
            return (
              <li key={rule.key} className="rule-item">
                <div className="row">
                  <input
                    type="checkbox"
                    aria-label={`${rule.name} on`}
                    checked={rule.enabled}
                    onChange={(event) => replace(rule.key, { ...rule, enabled: event.target.checked })}
                  />
                  <span className="rule-name">{rule.name}</span>
                  <span className="rule-summary muted">{matchSummary(rule)}</span>
                  <span className="spacer" />
                  <button
                    type="button"
                    className="button small"
                    aria-label={`Move ${rule.name} up`}
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                  >
                    Up
                  </button>
                  <button
                    type="button"
                    className="button small"
                    aria-label={`Move ${rule.name} down`}
                    disabled={index === rules.length - 1}
                    onClick={() => move(index, 1)}
                  >
                    Down
                  </button>
                  <button
                    type="button"
                    className="button small"
                    aria-label={`Edit ${rule.name}`}
                    aria-expanded={editing === rule.key}
                    onClick={() => setEditing(editing === rule.key ? null : rule.key)}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="button small danger"
                    aria-label={`Delete ${rule.name}`}
                    onClick={() => setRules(rules.filter((candidate) => candidate.key !== rule.key))}
                  >
                    Delete
                  </button>
                </div>
                {closedProblem && (
                  <p className="field-error" role="alert">
                    {closedProblem}
                  </p>
                )}
                {editing === rule.key && <RuleEditor draft={rule} onChange={(next) => replace(rule.key, next)} problem={own} />}
              </li>
            );
          })}
        </ol>
      )}
      {rules.length < RULES_MAX && (
        <button type="button" className="button" onClick={add}>
          Add a rule
        </button>
      )}
    </fieldset>
  );
}
