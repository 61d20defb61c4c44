import type { Capture, CaptureSummary, ForwardRule, Inbox, InboxCreate, InboxPatch, WaitResult } from '../../shared/schemas.js';
import type { InboxResponse, InboxRule } from '../../shared/answers.js';
import { describeCapture } from '../capture/views.js';
import { HttpError, notFound } from '../errors.js';
import type { TargetPolicy } from '../dispatcher/policy.js';
import type { EventBus } from '../events.js';
import { newId, randomSlug } from '../ids.js';
import type { CaptureStore, NewCapture, StoredCapture } from '../store/captures.js';
import type { PageResult } from '../store/segment-log.js';
import type { InboxRecord, StateStore } from '../store/state.js';
import { withHandshake } from './handshakes.js';
import type { RequestView } from './request.js';
import { completeRules, findRule } from './rules.js';
import { completeScript, ScriptCursor } from './script.js';
import { waitForCaptures, type WaitRequest } from './wait.js';
import { maskedSecrets, mergeSecrets, type StoredSecrets } from './secrets.js';
import { checkAnswers, storedResponse } from './templates.js';

const CAPTURE_ID = /^req_[0-9a-z]{16}$/;

export const defaultResponse = (): InboxResponse => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: '{"ok":true}',
  delayMs: 0,
});

/** What answers one capture: a rule's response, a step of the script (`step` from 1), or the inbox's response. */
export interface Answer {
  response: InboxResponse;
  step?: number;
  rule?: InboxRule;
  /** Where the response lives in the inbox (`rules.0.response`), for template errors. */
  field: string;
}

/** Inboxes and what they captured: the one place routes and the ingress go through. */
export class InboxService {
  private readonly bySlug = new Map<string, InboxRecord>();
  private readonly scripts = new ScriptCursor();
  /** Told of every stored capture (the traffic statistics: an O(1) update, no event built). */
  onCaptured: ((summary: CaptureSummary) => void) | undefined;

  constructor(
    private readonly state: StateStore,
    private readonly captures: CaptureStore,
    private readonly bus: EventBus,
    private readonly inboxUrl: (slug: string) => string,
    private readonly policy: TargetPolicy,
  ) {
    for (const inbox of state.inboxes()) this.bySlug.set(inbox.slug, inbox);
  }

  /** Opens every inbox's capture log, and on the very first start creates `default`. */
  async start(): Promise<void> {
    await Promise.all(this.state.inboxes().map((inbox) => this.captures.openInbox(inbox.id)));
    if (!this.state.initialized) {
      await this.create({ slug: 'default', name: 'Default inbox' });
      await this.state.update((state) => {
        state.initialized = true;
      });
    }
  }

  list(): Inbox[] {
    return this.state
      .inboxes()
      .map((record) => this.toInbox(record))
      .sort((a, b) => (a.id < b.id ? 1 : -1));
  }

  get(id: string): Inbox {
    return this.toInbox(this.require(id));
  }

  resolveSlug(slug: string): InboxRecord | undefined {
    return this.bySlug.get(slug);
  }

  async create(input: InboxCreate): Promise<Inbox> {
    const record: InboxRecord = { id: newId('inb'), ...this.prepare(input), createdAt: new Date().toISOString() };
    await this.captures.openInbox(record.id);
    await this.state.update((state) => {
      state.inboxes.push(record);
    });
    this.bySlug.set(record.slug, record);
    return this.changed('created', record);
  }

  async update(id: string, patch: InboxPatch): Promise<Inbox> {
    const record = this.require(id);
    const { script: _script, forward: _forward, rules: _rules, secrets: _secrets, ...rest } = record;
    const updated: InboxRecord = { ...rest, ...this.prepare(patch, id) };
    await this.state.update((state) => {
      state.inboxes = state.inboxes.map((inbox) => (inbox.id === id ? updated : inbox));
    });
    this.bySlug.delete(record.slug);
    this.bySlug.set(updated.slug, updated);
    return this.changed('updated', updated);
  }

  /**
   * Everything create (no id) or update (the inbox's id) checks, without storing anything: the
   * inbox it would store. A workspace import runs it on its whole file before changing anything.
   */
  prepare(input: InboxCreate | InboxPatch, id?: string): Omit<InboxRecord, 'id' | 'createdAt'> {
    const existing = id === undefined ? undefined : this.require(id);
    const slug = input.slug ?? existing?.slug ?? randomSlug();
    if (slug !== existing?.slug) this.assertSlugFree(slug);
    const response = storedResponse({ ...(existing?.response ?? defaultResponse()), ...input.response });
    // A script sent (even an identical one) is a new object, so it starts over at step 1.
    const script = input.script === undefined ? existing?.script : input.script && completeScript(input.script, response);
    const forward = input.forward === undefined ? existing?.forward : this.checkForward(input.forward);
    const rules = input.rules === undefined ? existing?.rules : completeRules(input.rules, response);
    const secrets = mergeSecrets(existing?.secrets, input.secrets);
    checkAnswers(response, script, rules, secrets);
    return {
      slug,
      name: input.name ?? existing?.name ?? slug,
      response,
      ...(script ? { script } : {}),
      ...(forward ? { forward } : {}),
      ...(rules ? { rules } : {}),
      ...(secrets ? { secrets } : {}),
    };
  }

  async remove(id: string): Promise<void> {
    const record = this.require(id);
    const inbox = this.toInbox(record);
    this.bySlug.delete(record.slug);
    await this.state.update((state) => {
      state.inboxes = state.inboxes.filter((candidate) => candidate.id !== id);
    });
    await this.captures.remove(id);
    this.bus.emit({ type: 'inbox.changed', data: { change: 'deleted', inbox: { ...inbox, requestCount: 0 } } });
  }

  async clear(id: string): Promise<void> {
    const record = this.require(id);
    await this.captures.clear(id);
    this.changed('cleared', record);
  }

  /** Rewinds the inbox's script to step 1. */
  resetScript(id: string): Inbox {
    const record = this.require(id);
    if (!record.script) {
      throw new HttpError(
        409,
        'no_script',
        `Inbox "${record.slug}" has no script to reset. Give it one with PATCH /api/inboxes/${id} {"script":{"steps":[...]}}.`,
      );
    }
    this.scripts.rewind(record.script);
    return this.toInbox(record);
  }

  /** Adds a handshake preset's rules at the top of the inbox's rules, with the secrets they read (see withHandshake). */
  async applyHandshake(id: string, presetId: string, params: Record<string, string>): Promise<Inbox> {
    return this.update(id, withHandshake(this.require(id).rules ?? [], presetId, params));
  }

  /** The inbox's secrets with their values: for the reveal route and a workspace export with secrets only. */
  secretValues(id: string): StoredSecrets | undefined {
    return this.require(id).secrets;
  }

  /** What answers the next capture (once per capture, in arrival order): a rule takes no script step. */
  answer(inbox: InboxRecord, request: RequestView): Answer {
    if (inbox.rules) {
      const index = findRule(inbox.rules, request);
      if (index !== -1) return { response: inbox.rules[index]!.response, rule: inbox.rules[index], field: `rules.${index}.response` };
    }
    if (!inbox.script) return { response: inbox.response, field: 'response' };
    const index = this.scripts.take(inbox.script);
    return { response: inbox.script.steps[index]!, step: index + 1, field: `script.steps.${index}` };
  }

  /** Stores a capture; resolving means it is on disk, so the sender may be acknowledged. */
  async capture(capture: NewCapture, body: Buffer): Promise<CaptureSummary> {
    const summary = await this.captures.append(capture, body);
    this.onCaptured?.(summary);
    this.bus.emit({ type: 'request.captured', data: summary });
    return summary;
  }

  listCaptures(
    id: string,
    request: { limit: number; cursor?: string | undefined; q?: string | undefined; signal?: AbortSignal | undefined },
  ): Promise<PageResult<CaptureSummary>> {
    this.require(id);
    return this.captures.list(id, request);
  }

  async getCapture(captureId: string): Promise<Capture> {
    const found = await this.captures.get(captureId);
    if (!found) throw notFound('request', captureId);
    return describeCapture(found.record, found.body);
  }

  /** A capture as stored, with its raw query string: fixtures and HAR exports replay it byte-exact. */
  async storedCapture(captureId: string): Promise<{ record: StoredCapture; body: Buffer }> {
    const found = await this.captures.get(captureId);
    if (!found) throw notFound('request', captureId);
    return found;
  }

  async captureBody(captureId: string): Promise<{ contentType: string | null; body: Buffer }> {
    const found = await this.captures.get(captureId);
    if (!found) throw notFound('request', captureId);
    return { contentType: found.record.contentType, body: found.body };
  }

  /** Answers once `count` new captures exist, or at the timeout with what there is (see wait.ts). */
  waitForCaptures(id: string, request: WaitRequest, signal: AbortSignal): Promise<WaitResult> {
    this.require(id);
    // Ids compare as strings, so anything else would silently mean "every capture" (it sorts
    // before them all) or "none yet" (after them all, waiting out the timeout).
    if (request.after && request.after !== '0' && !CAPTURE_ID.test(request.after)) {
      const message = `"after" takes the id of a capture (like req_0mwt0hghe0000ey3), not "${request.after}"; leave it out to wait for captures newer than this call.`;
      throw new HttpError(400, 'invalid_request', message, 'after');
    }
    return waitForCaptures(
      { bus: this.bus, captures: this.captures, read: (captureId) => this.getCapture(captureId) },
      id,
      request,
      signal,
    );
  }

  private require(id: string): InboxRecord {
    const record = this.state.inboxes().find((inbox) => inbox.id === id);
    if (!record) throw notFound('inbox', id);
    return record;
  }

  /** Forward URLs go out, so the target policy checks them on save; no rules is stored as none. */
  private checkForward(rules: ForwardRule[] | null | undefined): ForwardRule[] | undefined {
    if (!rules?.length) return undefined;
    rules.forEach((rule, index) => this.policy.checkUrl(rule.url, `forward.${index}.url`));
    return rules.map(({ url, enabled }) => ({ url, enabled }));
  }

  private assertSlugFree(slug: string): void {
    if (this.bySlug.has(slug)) {
      throw new HttpError(409, 'slug_taken', `The slug "${slug}" is taken by another inbox. Choose another slug.`, 'slug');
    }
  }

  private changed(change: 'created' | 'updated' | 'cleared', record: InboxRecord): Inbox {
    const inbox = this.toInbox(record);
    this.bus.emit({ type: 'inbox.changed', data: { change, inbox } });
    return inbox;
  }

  /** Every inbox shown (the API, the stream, the workspace export) comes from here: secrets as {set}, never values. */
  private toInbox({ secrets, ...record }: InboxRecord): Inbox {
    const shown = maskedSecrets(secrets);
    return { ...record, ...(shown && { secrets: shown }), url: this.inboxUrl(record.slug), requestCount: this.captures.count(record.id) };
  }
}
