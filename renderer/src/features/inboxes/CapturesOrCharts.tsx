import { useState } from 'react';
import type { Inbox } from '../../../../electron/shared/schemas.js';
import { Tabs } from '../../components/Tabs.js';
import { InboxCharts } from '../charts/InboxCharts.js';
import { CaptureList } from './CaptureList.js';

const TABS = [
  { id: 'requests', label: 'Requests' },
  { id: 'charts', label: 'Charts' },
];

/** The inbox's captured requests, or pictures of its traffic. */
export function CapturesOrCharts({ inbox }: { inbox: Inbox }) {
  const [tab, setTab] = useState('requests');
  return (
    <Tabs tabs={TABS} active={tab} onChange={setTab}>
      {tab === 'requests' ? <CaptureList inbox={inbox} /> : <InboxCharts inboxId={inbox.id} />}
    </Tabs>
  );
}
