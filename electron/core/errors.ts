/** An error a user can meet: its status, a stable code, and a message saying what to do. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Where each kind of thing is listed, for the hint of a 404. */
const LISTED_AT = {
  hook: 'GET /api/hooks',
  inbox: 'GET /api/inboxes',
  request: 'GET /api/inboxes/:id/requests',
  event: 'GET /api/events',
  delivery: 'GET /api/deliveries',
  scenario: 'GET /api/scenarios',
};

export const notFound = (what: keyof typeof LISTED_AT, id: string) =>
  new HttpError(404, `${what}_not_found`, `No ${what} with id "${id}". List them with ${LISTED_AT[what]}.`);

/** What a failed write's error code means for the user, for the file-system errors a full or broken disk gives. */
const STORAGE_FAULTS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'a file reached the size limit',
  EROFS: 'the data folder is on a read-only file system',
  EACCES: 'Hookbench may not write in the data folder',
  EPERM: 'Hookbench may not write in the data folder',
  EIO: 'the disk reported an input/output error',
};

/** The reason a storage write failed, or undefined when the error is not a disk fault. */
export function storageFault(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === undefined ? undefined : STORAGE_FAULTS[code] && `${STORAGE_FAULTS[code]} (${code})`;
}

/** A disk fault as an answer: 503 (the server is fine, its storage is not), saying what to do. */
export function storageUnavailable(reason: string, what = 'this change'): HttpError {
  return new HttpError(
    503,
    'storage_unavailable',
    `Hookbench could not store ${what}: ${reason}. Nothing of it was kept and earlier data is intact; free disk space or fix the data folder, then try again.`,
  );
}
