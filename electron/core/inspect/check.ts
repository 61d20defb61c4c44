import type { CaptureCheck } from '../../shared/inspect.js';
import type { Capture } from '../../shared/schemas.js';
import { HttpError } from '../errors.js';
import type { Catalog } from '../providers/catalog.js';
import { schemaProblems } from '../providers/validation.js';
import { detect } from './detect.js';
import { coerce } from './form.js';

/** Labels a capture with the provider event it looks like and lists where it strays from that event's schema. */
export function checkCapture(capture: Capture, catalog: Catalog): CaptureCheck {
  const found = detect(capture);
  if (!found) return { provider: null };
  const provider = catalog.provider(found.provider);
  let eventType;
  try {
    eventType = catalog.eventType(found.provider, found.type);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    const reason = `"${found.type}" is not a ${provider.name} event type in the catalog`;
    return {
      provider: provider.id,
      providerName: provider.name,
      type: found.type,
      known: false,
      problems: [{ pointer: found.at, reason }],
    };
  }
  const payload = found.text ? coerce(eventType.schema, found.payload) : found.payload;
  const problems = schemaProblems(eventType.schema, payload).map(({ pointer, reason }) => ({ pointer: found.at + pointer, reason }));
  return { provider: provider.id, providerName: provider.name, type: eventType.type, known: true, problems };
}
