import { describe, expect, it } from 'vitest';
import {
  handleBridge,
  noArgs,
  oneBoolean,
  oneString,
  trustedSender,
  type BridgeHandlers,
  type IpcMainLike,
  type IpcSender,
} from '../../electron/main/ipc.js';

const CONTROL = 'http://127.0.0.1:7600';
const WINDOW_ID = 7;

/** An ipcMain that keeps the handlers so the test can invoke them as a page would. */
function fakeIpc() {
  const handlers = new Map<string, (event: IpcSender, ...args: unknown[]) => unknown>();
  const ipc: IpcMainLike = { handle: (channel, listener) => void handlers.set(channel, listener) };
  const invoke = async (channel: string, event: IpcSender, ...args: unknown[]) => handlers.get(channel)?.(event, ...args);
  return { ipc, handlers, invoke };
}

const fromApp: IpcSender = { sender: { id: WINDOW_ID }, senderFrame: { url: `${CONTROL}/settings`, parent: null } };

function bridge(calls: unknown[][]): BridgeHandlers {
  return {
    'hookbench:app-version': { parse: noArgs, run: () => '1.2.3' },
    'hookbench:notifications-enabled': { parse: noArgs, run: () => false },
    'hookbench:set-notifications': { parse: oneBoolean, run: (enabled) => (calls.push([enabled]), enabled) },
    'hookbench:reveal-data-folder': { parse: noArgs, run: () => void calls.push(['reveal']) },
    'hookbench:open-external': { parse: oneString, run: (url) => void calls.push([url]) },
  };
}

describe('IPC sender check', () => {
  it('answers the app window', async () => {
    const { ipc, handlers, invoke } = fakeIpc();
    const calls: unknown[][] = [];
    handleBridge(
      ipc,
      trustedSender(CONTROL, () => WINDOW_ID),
      bridge(calls),
    );
    expect([...handlers.keys()].sort()).toEqual([
      'hookbench:app-version',
      'hookbench:notifications-enabled',
      'hookbench:open-external',
      'hookbench:reveal-data-folder',
      'hookbench:set-notifications',
    ]);
    await expect(invoke('hookbench:app-version', fromApp)).resolves.toBe('1.2.3');
    await expect(invoke('hookbench:set-notifications', fromApp, true)).resolves.toBe(true);
    expect(calls).toEqual([[true]]);
  });

  it.each([
    ['a page from another origin', { sender: { id: WINDOW_ID }, senderFrame: { url: 'https://evil.example/', parent: null } }],
    ['the ingress origin', { sender: { id: WINDOW_ID }, senderFrame: { url: 'http://127.0.0.1:7601/in/default', parent: null } }],
    ['a subframe', { sender: { id: WINDOW_ID }, senderFrame: { url: `${CONTROL}/`, parent: {} } }],
    ['another WebContents', { sender: { id: 99 }, senderFrame: { url: `${CONTROL}/`, parent: null } }],
    ['a frame already gone', { sender: { id: WINDOW_ID }, senderFrame: null }],
  ])('refuses %s, before the handler runs', async (_name, sender: IpcSender) => {
    const { ipc, invoke } = fakeIpc();
    const calls: unknown[][] = [];
    handleBridge(
      ipc,
      trustedSender(CONTROL, () => WINDOW_ID),
      bridge(calls),
    );
    await expect(invoke('hookbench:reveal-data-folder', sender)).rejects.toThrow(/refused, the caller is not Hookbench's window/);
    expect(calls).toEqual([]);
  });

  it('refuses everything once the window is gone', async () => {
    const { ipc, invoke } = fakeIpc();
    handleBridge(
      ipc,
      trustedSender(CONTROL, () => undefined),
      bridge([]),
    );
    await expect(invoke('hookbench:app-version', fromApp)).rejects.toThrow(/refused/);
  });

  it('refuses arguments of the wrong shape from a trusted page', async () => {
    const { ipc, invoke } = fakeIpc();
    const calls: unknown[][] = [];
    handleBridge(
      ipc,
      trustedSender(CONTROL, () => WINDOW_ID),
      bridge(calls),
    );
    await expect(invoke('hookbench:set-notifications', fromApp, 'yes')).rejects.toThrow(/unexpected arguments/);
    await expect(invoke('hookbench:open-external', fromApp, { toString: () => 'https://x' })).rejects.toThrow(/unexpected arguments/);
    await expect(invoke('hookbench:app-version', fromApp, 'extra')).rejects.toThrow(/unexpected arguments/);
    expect(calls).toEqual([]);
  });
});
