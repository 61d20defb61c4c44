/** Plain words for what the dispatcher records, shared by the list and the detail. */
import type { Delivery, DeliveryStatus, ErrorKind } from '../../../../electron/shared/hooks.js';
import { NO_DELIVERY_FILTER, type DeliveryFilter } from '../../store/deliveries.js';

export const STATUS_LABELS: Record<DeliveryStatus, string> = {
  pending: 'Pending',
  sending: 'Sending',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};
/** Type-only imports from the contract keep TypeBox out of the page. */
export const STATUSES = Object.keys(STATUS_LABELS) as DeliveryStatus[];

/** What each error kind means and what to try next, for someone reading an attempt that failed. */
export const ERROR_EXPLANATIONS: Record<ErrorKind, string> = {
  dns: 'The host name in the URL could not be resolved. Check it for a typo, and that the name exists from this machine.',
  connect: 'No connection could be opened to the host. It may be down, or not reachable from this machine.',
  refused: 'The host refused the connection: nothing is listening on that port. Is the receiver running?',
  blocked: 'Hookbench would not send to this address (a link-local, metadata or own-control address). Point the hook elsewhere.',
  timeout: "No complete answer came back within the hook's timeout. The receiver may be slow; raise the timeout or answer sooner.",
  tls: 'The HTTPS handshake failed: the certificate may be self-signed, expired, or issued for another name.',
  reset: 'The receiver closed the connection before answering completely.',
  http: 'The receiver answered with something that is not valid HTTP.',
};

const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function statusText(status: number): string {
  return REASONS[status] ? `${status} ${REASONS[status]}` : String(status);
}

/** "in 59 min", "3 s ago": how far `iso` is from `now`, coarse enough to read at a glance. */
export function relativeTime(iso: string, now: number): string {
  const ms = Date.parse(iso) - now;
  const abs = Math.abs(ms);
  const amount =
    abs < 1000
      ? null
      : abs < 60_000
        ? `${Math.round(abs / 1000)} s`
        : abs < 3_600_000
          ? `${Math.round(abs / 60_000)} min`
          : abs < 86_400_000
            ? `${(abs / 3_600_000).toFixed(1)} h`
            : `${(abs / 86_400_000).toFixed(1)} days`;
  if (amount === null) return 'now';
  return ms > 0 ? `in ${amount}` : `${amount} ago`;
}

/** What retry-now and cancel accept (the dispatcher's rules): retry unless an attempt is under way; cancel until finished. */
export function canRetry(delivery: Delivery): boolean {
  return delivery.status !== 'sending';
}
export function canCancel(delivery: Delivery): boolean {
  return delivery.status === 'pending' || delivery.status === 'sending';
}

/** A body as CodeView should show it: JSON highlighted when it parses, else text. */
export function bodyLanguage(body: string): 'json' | 'text' {
  try {
    JSON.parse(body);
    return 'json';
  } catch {
    return 'text';
  }
}

/** The filter and selection other views can link to: #/deliveries?hookId=…&eventId=…&status=…&id=… */
export function readDeliveryHash(hash: string): { filter: DeliveryFilter; id: string | null } {
  const search = new URLSearchParams(hash.split('?')[1] ?? '');
  const status = search.get('status') ?? '';
  return {
    filter: {
      ...NO_DELIVERY_FILTER,
      hookId: search.get('hookId') ?? '',
      eventId: search.get('eventId') ?? '',
      status: (STATUSES as string[]).includes(status) ? (status as DeliveryStatus) : '',
    },
    id: search.get('id'),
  };
}

export function deliveryHash(filter: DeliveryFilter, id: string | null): string {
  const search = new URLSearchParams();
  if (filter.hookId) search.set('hookId', filter.hookId);
  if (filter.eventId) search.set('eventId', filter.eventId);
  if (filter.status) search.set('status', filter.status);
  if (id) search.set('id', id);
  const text = search.toString();
  return `#/deliveries${text ? `?${text}` : ''}`;
}
