import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

describe('preload', () => {
  it('compiles to one CommonJS file that loads nothing but electron, as a sandboxed preload must', () => {
    const source = readFileSync(new URL('../../electron/preload/index.cts', import.meta.url), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      fileName: 'index.cts',
      compilerOptions: { module: ts.ModuleKind.NodeNext, target: ts.ScriptTarget.ES2022, removeComments: true },
    });
    expect([...outputText.matchAll(/require\(["']([^"']+)["']\)/g)].map((match) => match[1])).toEqual(['electron']);
    expect(outputText).not.toMatch(/\bimport\b/);
    // Named functions only: the page never gets ipcRenderer itself.
    expect(outputText).toMatch(/exposeInMainWorld\(name, api\)/);
    expect(outputText).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
  });
});

describe('packaged binary fuses', () => {
  it('turn off run-as-node, NODE_OPTIONS and inspect flags; turn on asar integrity and asar-only loading', () => {
    const { FuseV1Options } = require('@electron/fuses') as typeof import('@electron/fuses');
    const { fuses } = require('../../build/fuses.cjs') as { fuses: Record<number, boolean> };
    expect(fuses[FuseV1Options.RunAsNode]).toBe(false);
    expect(fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(fuses[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(fuses[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(fuses[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
  });
});
