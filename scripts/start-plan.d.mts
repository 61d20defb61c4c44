export type StartPlan = { kind: 'electron'; binary: string } | { kind: 'browser'; reason: string; open: boolean };

export function planStart(facts: {
  electronBinary: string | undefined;
  platform: string;
  env: Record<string, string | undefined>;
  hasOpener: boolean;
}): StartPlan;

export function openerCommand(platform: string): { command: string; args: string[] };

export function workbenchUrl(output: string): string | undefined;
