import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts the thread whose entry is `<name>.js` beside the module at `moduleUrl` (pass
 * `import.meta.url`). Run from source (tests, tsx), there is no `.js` yet: the thread then
 * registers tsx's loader first and loads `<name>.ts`. Throws if the thread cannot be made.
 */
export function startThread(moduleUrl: string, name: string): Worker {
  const built = new URL(`./${name}.js`, moduleUrl);
  if (existsSync(fileURLToPath(built))) return new Worker(built);
  const source = new URL(`./${name}.ts`, moduleUrl).href;
  return new Worker(`import('tsx/esm/api').then(({ register }) => register()).then(() => import(${JSON.stringify(source)}))`, {
    eval: true,
  });
}
