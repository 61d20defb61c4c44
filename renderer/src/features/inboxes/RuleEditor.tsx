import { CONDITION_KINDS, type ConditionDraft, type ConditionKind, type ConditionTest, type RuleDraft } from './drafts.js';
import { ResponseFields } from './ResponseFields.js';

const KIND_LABELS: Record<ConditionKind, { title: string; one: string; placeholder: string }> = {
  headers: { title: 'Headers', one: 'header', placeholder: 'X-Event-Type' },
  query: { title: 'Query parameters', one: 'query parameter', placeholder: 'challenge' },
  json: { title: 'JSON body', one: 'JSON path', placeholder: 'event.type or items[0].id' },
};

/**
 * One rule's matcher and answer. `problem(field)` is the server's message for a field under this
 * rule (`match.path`, `response.body`…), shown beside that field.
 */
export function RuleEditor({
  draft,
  onChange,
  problem,
}: {
  draft: RuleDraft;
  onChange(draft: RuleDraft): void;
  problem(field: string): string | null;
}) {
  const id = (part: string) => `${draft.key}-${part}`;
  const change = (next: Partial<RuleDraft>) => onChange({ ...draft, ...next });
  const setConditions = (kind: ConditionKind, conditions: ConditionDraft[]) =>
    change({ conditions: { ...draft.conditions, [kind]: conditions } });
  const pathProblem = problem('match.path');
  // A condition's message (the path has its own, beside it).
  const matchProblem = pathProblem ? null : problem('match');
  return (
    <fieldset className="rule-editor grid-form wide">
      <legend>Edit rule {draft.name}</legend>
      <label htmlFor={id('name')}>Rule name</label>
      <input id={id('name')} value={draft.name} onChange={(event) => change({ name: event.target.value })} />
      <label htmlFor={id('methods')}>Methods</label>
      <input
        id={id('methods')}
        placeholder="any; or e.g. POST, PUT"
        value={draft.methods}
        onChange={(event) => change({ methods: event.target.value })}
      />
      <label htmlFor={id('path')}>Path</label>
      <input
        id={id('path')}
        className="mono"
        placeholder="any; or e.g. /orders/* or /api/**"
        value={draft.path}
        aria-invalid={pathProblem !== null || undefined}
        onChange={(event) => change({ path: event.target.value })}
      />
      {pathProblem && (
        <p className="field-error" role="alert">
          {pathProblem}
        </p>
      )}
      {CONDITION_KINDS.map((kind) => (
        <Conditions
          key={kind}
          kind={kind}
          idPrefix={id(kind)}
          conditions={draft.conditions[kind]}
          onChange={(list) => setConditions(kind, list)}
        />
      ))}
      {matchProblem && (
        <p className="field-error" role="alert">
          {matchProblem}
        </p>
      )}
      <ResponseFields
        idPrefix={id('response')}
        draft={draft.response}
        onChange={(response) => change({ response })}
        problem={(part) => problem(`response.${part}`)}
      />
    </fieldset>
  );
}

function Conditions({
  kind,
  idPrefix,
  conditions,
  onChange,
}: {
  kind: ConditionKind;
  idPrefix: string;
  conditions: ConditionDraft[];
  onChange(conditions: ConditionDraft[]): void;
}) {
  const labels = KIND_LABELS[kind];
  const change = (index: number, next: Partial<ConditionDraft>) =>
    onChange(conditions.map((condition, at) => (at === index ? { ...condition, ...next } : condition)));
  return (
    <div className="wide conditions" role="group" aria-labelledby={`${idPrefix}-title`}>
      <span id={`${idPrefix}-title`} className="conditions-title">
        {labels.title}
      </span>
      {conditions.map((condition, index) => (
        <div className="row condition" key={index}>
          <input
            aria-label={`${labels.one} ${index + 1} name`}
            className="mono"
            placeholder={labels.placeholder}
            value={condition.name}
            onChange={(event) => change(index, { name: event.target.value })}
          />
          <select
            aria-label={`${labels.one} ${index + 1} test`}
            value={condition.test}
            onChange={(event) => change(index, { test: event.target.value as ConditionTest })}
          >
            <option value="equals">equals</option>
            <option value="contains">contains</option>
            <option value="present">is present</option>
            <option value="absent">is absent</option>
          </select>
          {(condition.test === 'equals' || condition.test === 'contains') && (
            <input
              aria-label={`${labels.one} ${index + 1} value`}
              value={condition.value}
              onChange={(event) => change(index, { value: event.target.value })}
            />
          )}
          <button
            type="button"
            className="button small"
            aria-label={`Remove ${labels.one} ${index + 1}`}
            onClick={() => onChange(conditions.filter((_, at) => at !== index))}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="button small" onClick={() => onChange([...conditions, { name: '', test: 'equals', value: '' }])}>
        Add a {labels.one} condition
      </button>
    </div>
  );
}
