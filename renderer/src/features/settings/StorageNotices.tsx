import type { StorageNotice } from '../../../../electron/shared/schemas.js';
import { formatDateTime } from '../../components/format.js';

/** Damaged files the core moved aside when it started: the user should know, and know where they are. */
export function StorageNotices({ notices }: { notices: readonly StorageNotice[] }) {
  if (notices.length === 0) return null;
  return (
    <section className="banner warn storage-notices" aria-labelledby="storage-notices-title">
      <h3 id="storage-notices-title">
        {notices.length === 1 ? 'One stored file needed attention' : `${notices.length} stored files needed attention`}
      </h3>
      <ul>
        {notices.map((notice) => (
          <li key={`${notice.at}-${notice.file}`}>
            <code>{notice.file}</code>: {notice.problem} {notice.action} <span className="muted">({formatDateTime(notice.at)})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
