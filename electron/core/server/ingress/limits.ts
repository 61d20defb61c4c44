/** What bounds the open ingress listener against hostile or broken clients. */
export interface IngressLimits {
  /** Largest request body stored; larger ones are answered 413 and kept truncated. */
  bodyLimit: number;
  maxUrlLength: number;
  /** Request line plus headers, in bytes (Node answers 431 past it). */
  maxHeaderSize: number;
  /** Time a client has to send all its headers. */
  headersTimeoutMs: number;
  /** Time a client has to send its whole request. */
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
}

export const defaultIngressLimits: IngressLimits = {
  bodyLimit: 25 * 1024 * 1024,
  maxUrlLength: 8 * 1024,
  maxHeaderSize: 32 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1024,
};
