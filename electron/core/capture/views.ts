import busboy from 'busboy';
import type { Capture, MultipartPart } from '../../shared/schemas.js';
import type { StoredCapture } from '../store/captures.js';
import { encodeBody } from './body.js';

const TEXT_PART_LIMIT = 64 * 1024;

/** The full capture the API shows: the stored bytes plus parsed views of them. */
export async function describeCapture(record: StoredCapture, body: Buffer): Promise<Capture> {
  const { search, body: _stored, bodyEncoding: _encoding, blob: _blob, ...fields } = record;
  const capture: Capture = { ...fields, query: queryPairs(search), ...encodeBody(body) };
  const json = parseJsonBody(body, record.contentType);
  if (json.ok) capture.json = json.value;
  if (isFormType(record.contentType)) capture.form = queryPairs(body.toString('utf8'));
  if ((record.contentType ?? '').toLowerCase().startsWith('multipart/')) {
    const parts = await parseMultipart(body, record.contentType!);
    if (parts) capture.multipart = parts;
  }
  return capture;
}

export function queryPairs(search: string): [string, string][] {
  return [...new URLSearchParams(search)];
}

export function isFormType(contentType: string | null): boolean {
  return (contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

/**
 * The body as JSON, for the capture view and for rules and templates alike. It is parsed when its
 * content type says JSON, or when it starts like a JSON object or array and has no content type or
 * `text/plain` (Amazon SNS and many hand-rolled senders label their JSON so); `anyType`: whatever
 * content type it has.
 * JSON.parse makes `__proto__` an own property, never a prototype, so a hostile body cannot
 * pollute anything; the stored bytes stay exactly as sent.
 */
export function parseJsonBody(
  body: Buffer,
  contentType: string | null,
  options: { anyType?: boolean } = {},
): { ok: true; value: unknown } | { ok: false } {
  const type = (contentType ?? '').toLowerCase();
  const sniff = options.anyType || type === '' || type.startsWith('text/plain');
  const looksJson = type.includes('json') || (sniff && /^\s*[[{]/.test(body.subarray(0, 64).toString('utf8')));
  if (!looksJson || body.length === 0) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}

function parseMultipart(body: Buffer, contentType: string): Promise<MultipartPart[] | undefined> {
  return new Promise((resolve) => {
    const parts: MultipartPart[] = [];
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { 'content-type': contentType }, limits: { fieldSize: TEXT_PART_LIMIT } });
    } catch {
      resolve(undefined);
      return;
    }
    parser.on('field', (name, value, info) => {
      parts.push({ name, contentType: info.mimeType, size: Buffer.byteLength(value), value });
    });
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const content = Buffer.concat(chunks);
        const text = info.mimeType.startsWith('text/') && content.length <= TEXT_PART_LIMIT;
        parts.push({
          name,
          filename: info.filename,
          contentType: info.mimeType,
          size: content.length,
          ...(text ? { value: content.toString('utf8') } : {}),
        });
      });
    });
    parser.on('close', () => resolve(parts));
    parser.on('error', () => resolve(parts.length > 0 ? parts : undefined));
    parser.end(body);
  });
}
