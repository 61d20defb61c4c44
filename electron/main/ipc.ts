import type { BridgeChannel, BridgeChannels } from '../shared/bridge.js';
import { isAppUrl } from './window.js';

/** What an IPC handler learns about who called: the page's frame and its WebContents. */
export interface IpcSender {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

/** The part of ipcMain the bridge uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcSender, ...args: unknown[]) => unknown): void;
}

type Args<C extends BridgeChannel> = BridgeChannels[C]['args'];
type Result<C extends BridgeChannel> = BridgeChannels[C]['result'];

/** One bridge function on the main side: its argument check and what it does. */
export interface BridgeHandler<C extends BridgeChannel> {
  /** Arguments come from a web page: anything that is not exactly the expected shape is refused. */
  parse(args: unknown[]): Args<C> | undefined;
  run(...args: Args<C>): Result<C> | Promise<Result<C>>;
}

/** Every channel must have a handler: the mapped type makes a forgotten one a compile error. */
export type BridgeHandlers = { [C in BridgeChannel]: BridgeHandler<C> };

export class IpcRefused extends Error {}

/**
 * The only caller trusted is the app's own window showing the app's own origin, in its top
 * frame: not a subframe, not a page it navigated to, not another WebContents.
 */
export function trustedSender(controlUrl: string, windowContentsId: () => number | undefined): (event: IpcSender) => boolean {
  return ({ sender, senderFrame }) =>
    senderFrame !== null && senderFrame.parent === null && sender.id === windowContentsId() && isAppUrl(senderFrame.url, controlUrl);
}

/** Registers every bridge handler through the one check: the sender first, then the arguments. */
export function handleBridge(ipc: IpcMainLike, isTrusted: (event: IpcSender) => boolean, handlers: BridgeHandlers): void {
  for (const channel of Object.keys(handlers) as BridgeChannel[]) {
    register(ipc, isTrusted, channel, handlers[channel]);
  }
}

function register<C extends BridgeChannel>(
  ipc: IpcMainLike,
  isTrusted: (event: IpcSender) => boolean,
  channel: C,
  handler: BridgeHandler<C>,
): void {
  ipc.handle(channel, async (event, ...raw) => {
    if (!isTrusted(event)) throw new IpcRefused(`${channel}: refused, the caller is not Hookbench's window`);
    const args = handler.parse(raw);
    if (!args) throw new IpcRefused(`${channel}: refused, unexpected arguments`);
    return handler.run(...args);
  });
}

/** Argument checks for the shapes the bridge uses. */
export const noArgs = (args: unknown[]): [] | undefined => (args.length === 0 ? [] : undefined);
export const oneBoolean = (args: unknown[]): [boolean] | undefined =>
  args.length === 1 && typeof args[0] === 'boolean' ? [args[0]] : undefined;
export const oneString = (args: unknown[]): [string] | undefined =>
  args.length === 1 && typeof args[0] === 'string' && args[0].length <= 4096 ? [args[0]] : undefined;
