import type { ResponseDraft } from './drafts.js';
import { TemplateHelp } from './TemplateHelp.js';

/**
 * What an answer says: status, headers, body, delay, and whether they are templates over the
 * request. Used for the inbox's answer and each rule's. `problem(part)` is the server's message
 * for that part (`body`, `headers`, `statusTemplate`…), shown beside it.
 */
export function ResponseFields({
  idPrefix,
  draft,
  onChange,
  problem,
}: {
  idPrefix: string;
  draft: ResponseDraft;
  onChange(draft: ResponseDraft): void;
  problem(part: string): string | null;
}) {
  const change = (next: Partial<ResponseDraft>) => onChange({ ...draft, ...next });
  const id = (part: string) => `${idPrefix}-${part}`;
  /** The input's error attributes and the message under it. */
  const field = (part: string) => {
    const message = problem(part);
    return {
      invalid: message !== null || undefined,
      describedBy: message ? id(`${part}-error`) : undefined,
      message: message && (
        <p id={id(`${part}-error`)} className="field-error" role="alert">
          {message}
        </p>
      ),
    };
  };
  const status = field('status');
  const headers = field('headers');
  const body = field('body');
  const statusTemplate = field('statusTemplate');
  return (
    <>
      <label htmlFor={id('templated')}>Template</label>
      <span className="row-inline">
        <input
          id={id('templated')}
          type="checkbox"
          checked={draft.templated}
          onChange={(event) => change({ templated: event.target.checked })}
        />
        <span className="muted">Headers, body and status are Liquid templates over the request</span>
      </span>
      {draft.templated && <TemplateHelp />}
      <label htmlFor={id('status')}>Status</label>
      <input
        id={id('status')}
        type="number"
        min={200}
        max={599}
        value={draft.status}
        aria-invalid={status.invalid}
        aria-describedby={status.describedBy}
        onChange={(event) => change({ status: event.target.value })}
      />
      {status.message}
      {draft.templated && (
        <>
          <label htmlFor={id('statusTemplate')}>Status template</label>
          <input
            id={id('statusTemplate')}
            className="mono"
            placeholder="optional, e.g. {{ request.query.status | default: 200 }}"
            value={draft.statusTemplate}
            aria-invalid={statusTemplate.invalid}
            aria-describedby={statusTemplate.describedBy}
            onChange={(event) => change({ statusTemplate: event.target.value })}
          />
          {statusTemplate.message}
        </>
      )}
      <label htmlFor={id('headers')}>Headers (one "Name: value" per line)</label>
      <textarea
        id={id('headers')}
        rows={3}
        value={draft.headers}
        aria-invalid={headers.invalid}
        aria-describedby={headers.describedBy}
        onChange={(event) => change({ headers: event.target.value })}
      />
      {headers.message}
      <label htmlFor={id('body')}>Body</label>
      <textarea
        id={id('body')}
        rows={4}
        value={draft.body}
        aria-invalid={body.invalid}
        aria-describedby={body.describedBy}
        onChange={(event) => change({ body: event.target.value })}
      />
      {body.message}
      <label htmlFor={id('delay')}>Delay before answering (ms)</label>
      <input
        id={id('delay')}
        type="number"
        min={0}
        max={30000}
        value={draft.delayMs}
        onChange={(event) => change({ delayMs: event.target.value })}
      />
    </>
  );
}
