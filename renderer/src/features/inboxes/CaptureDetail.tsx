import { useState } from 'react';
import type { Capture } from '../../../../electron/shared/schemas.js';
import { EmptyState } from '../../components/EmptyState.js';
import { PairsTable } from '../../components/PairsTable.js';
import { Tabs } from '../../components/Tabs.js';
import { formatBytes, formatDateTime } from '../../components/format.js';
import { useStore } from '../../store/index.js';
import { answerLabel, ruleName } from './answered.js';
import { BodyView } from './BodyView.js';
import { CopyAs } from '../replay/CopyAs.js';
import { ReplayForm } from '../replay/ReplayForm.js';
import { SignatureTab } from '../signatures/SignatureTab.js';
import { CaptureInsight } from '../inspect/CaptureInsight.js';
import { ForwardResults } from '../forwarding/ForwardResults.js';

const TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'headers', label: 'Headers' },
  { id: 'query', label: 'Query' },
  { id: 'body', label: 'Body' },
  { id: 'signature', label: 'Signature' },
  { id: 'copy-as', label: 'Copy as' },
  { id: 'replay', label: 'Replay…' },
];

/** Everything about one captured request, as received. */
export function CaptureDetail() {
  const selectedId = useStore((state) => state.selectedCaptureId);
  const capture = useStore((state) => state.captureDetail);
  const [tab, setTab] = useState('overview');
  return (
    <section className="detail" aria-label="Request detail">
      {!selectedId ? (
        <EmptyState title="No request selected">
          <p>Pick a request on the left (or use the arrow keys) to see its headers and body.</p>
        </EmptyState>
      ) : !capture ? (
        <p className="loading" role="status">
          Loading…
        </p>
      ) : (
        <>
          <h2 className="detail-title">
            <span className={`method m-${capture.method.toLowerCase()}`}>{capture.method}</span>{' '}
            <span className="path">{capture.path}</span>
          </h2>
          {capture.truncated && (
            <p className="banner warn" role="note">
              This body was larger than the body limit: only its first {formatBytes(capture.body.length)} were kept, and the sender was
              answered 413.
            </p>
          )}
          <Tabs tabs={TABS} active={tab} onChange={setTab}>
            {tab === 'overview' && <Overview capture={capture} />}
            {tab === 'headers' && <PairsTable pairs={capture.headers} label="Request headers, as received" headers />}
            {tab === 'query' &&
              (capture.query.length > 0 ? (
                <PairsTable pairs={capture.query} label="Query parameters" />
              ) : (
                <p className="muted">No query string.</p>
              ))}
            {tab === 'body' && <BodyView capture={capture} />}
            {tab === 'copy-as' && <CopyAs capture={capture} />}
            {tab === 'replay' && <ReplayForm capture={capture} />}
            {tab === 'signature' && <SignatureTab key={capture.id} capture={capture} />}
          </Tabs>
        </>
      )}
    </section>
  );
}

function Overview({ capture }: { capture: Capture }) {
  const inbox = useStore((state) => state.inboxes.find((candidate) => candidate.id === capture.inboxId));
  const rule = ruleName(inbox, capture);
  const rows: [string, string][] = [
    ['Received', formatDateTime(capture.receivedAt)],
    ['From', capture.remoteAddress],
    ['Method', capture.method],
    ['Path', capture.path],
    ['Content type', capture.contentType ?? '(none)'],
    ['Size', `${formatBytes(capture.size)}${capture.truncated ? ' (truncated)' : ''}`],
    ['Answered', answerLabel(capture)],
    ...(rule === undefined ? [] : ([['Answered by rule', rule]] as [string, string][])),
    ['Id', capture.id],
  ];
  return (
    <>
      {capture.answerError !== undefined && (
        <p className="banner error" role="note">
          The answer's template failed, so the sender got 500 template_error: {capture.answerError}
        </p>
      )}
      <PairsTable pairs={rows} label="Overview" />
      <CaptureInsight capture={capture} />
      <ForwardResults captureId={capture.id} inboxId={capture.inboxId} />
    </>
  );
}
