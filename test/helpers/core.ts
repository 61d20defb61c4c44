import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { startCore, type Core, type CoreOptions } from '../../electron/core/index.js';

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'hookbench-test-'));
}

export interface TestCore extends Core {
  api: ApiClient;
  /** Closes the core and deletes its data folder. */
  dispose(): Promise<void>;
}

/** A core on free loopback ports with its own temp data folder. */
export async function startTestCore(options: Partial<CoreOptions> = {}): Promise<TestCore> {
  const dataDir = options.dataDir ?? (await tempDir());
  const core = await startCore({ controlPort: 0, ingressPort: 0, ...options, dataDir });
  return {
    ...core,
    api: apiClient(core.controlUrl, core.token),
    dispose: async () => {
      await core.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

export type ApiClient = <T = any>(
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<ApiResponse<T>>;

export function apiClient(controlUrl: string, token: string): ApiClient {
  return async (method, path, body, headers = {}) => {
    const response = await request(`${controlUrl}${path}`, {
      method: method as 'GET',
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.body.text();
    const isJson = String(response.headers['content-type'] ?? '').includes('json');
    return { status: response.statusCode, headers: response.headers, body: isJson && text ? JSON.parse(text) : text };
  };
}

/** The default inbox's id. */
export async function defaultInboxId(api: ApiClient): Promise<string> {
  const { body } = await api<{ items: { id: string; slug: string }[] }>('GET', '/api/inboxes');
  return body.items.find((inbox) => inbox.slug === 'default')!.id;
}
