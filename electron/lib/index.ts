/**
 * The `hookbench` package: Hookbench in a test suite. Plain Node (never imports electron);
 * everything goes through the control API, so start() and connect() behave the same.
 */
export { Hookbench, type ConnectOptions, type StartOptions, type WaitForDeliveryOptions } from './hookbench.js';
export { TestInbox, type WaitForOptions } from './inbox.js';
export { DeliveryWaitError, HookbenchApiError, WaitTimeoutError } from './errors.js';
export { checkCapture, matches, type CaptureMatch, type CapturePredicate, type FieldCheck, type JsonPattern, type Match } from './match.js';
export type { HttpMethod } from './client.js';
export type { Capture, CaptureSummary, Inbox, InboxCreate, InboxPatch } from '../shared/schemas.js';
export type { InboxResponse } from '../shared/answers.js';
export type { Attempt, Delivery, DeliveryStatus, FireRequest, FireResult, Hook, HookCreate, HookEvent } from '../shared/hooks.js';
