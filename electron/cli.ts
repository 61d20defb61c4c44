#!/usr/bin/env node
import { consoleLogger } from './core/log.js';
import { startCore, DataDirInUseError, PortInUseError, TokenError, WorkspaceFileError, type Core } from './core/index.js';
import { VERSION } from './core/version.js';
import { ClientError } from './cli/client.js';
import { runFire } from './cli/fire.js';
import { FIXTURE_HELP, parseFixture, runFixture } from './cli/fixture.js';
import { runImportAsyncApi } from './cli/import-asyncapi.js';
import { HELP, parseCommand, UsageError, VersionRequested } from './cli/options.js';
import { runProviders } from './cli/providers.js';
import { parseScenario, runScenario, SCENARIO_HELP } from './cli/scenario.js';
import { runWorkspace } from './cli/workspace.js';

/** `hookbench`: the headless entry point (also `npm run serve --`). */
async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'fixture') {
    const fixture = parseFixture(argv.slice(1), process.env);
    if (fixture) return runFixture(fixture);
    console.log(FIXTURE_HELP);
    return 0;
  }
  if (argv[0] === 'scenario' || argv[0] === 'scenarios') {
    const scenario = parseScenario(argv[0], argv.slice(1), process.env);
    if (scenario) return runScenario(scenario);
    console.log(SCENARIO_HELP);
    return 0;
  }
  if (argv[0] === 'import-asyncapi') return runImportAsyncApi(argv.slice(1), process.env);
  const command = parseCommand(argv, process.env);
  if (command.kind === 'help') {
    console.log(HELP);
    return 0;
  }
  if (command.kind === 'providers') return runProviders(command.server, command.json);
  if (command.kind === 'fire') return runFire(command.options);
  if (command.kind === 'workspace') return runWorkspace(command.options);
  const core = await startCore({ ...command.options, logger: consoleLogger });
  printBanner(core);
  await stopOnSignal(core);
  return 0;
}

function printBanner(core: Core): void {
  console.log(`Hookbench ${VERSION} is running.
  Workbench (open in a browser): ${core.controlUrl}/?token=${core.token}
  Control API:                   ${core.controlUrl}/api  (Authorization: Bearer <token>, kept in ${core.dataDir}/token)
  Ingress:                       ${core.ingressUrl}
  Default inbox:                 ${core.ingressUrl}/in/default
  Data folder:                   ${core.dataDir}
Press Ctrl-C to stop.`);
}

function stopOnSignal(core: Core): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        console.error(`Second ${signal}: exiting without waiting.`);
        process.exit(130);
      }
      stopping = true;
      console.log('Stopping: flushing captures to disk...');
      core.close().then(
        () => {
          console.log('Stopped.');
          resolve();
        },
        (error: unknown) => {
          console.error(`hookbench: stopping failed: ${(error as Error).message}`);
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof VersionRequested) {
      console.log(VERSION);
      process.exit(0);
    }
    if (error instanceof UsageError) {
      console.error(`hookbench: ${error.message}\nRun "hookbench --help" for the options.`);
      process.exit(2);
    }
    // Errors a user can act on get their message alone; a system call's (a missing folder, an
    // address not on this machine) says what failed and where. Anything else is a bug: its stack.
    const known =
      error instanceof PortInUseError ||
      error instanceof DataDirInUseError ||
      error instanceof ClientError ||
      error instanceof WorkspaceFileError ||
      error instanceof TokenError ||
      typeof (error as NodeJS.ErrnoException).syscall === 'string';
    console.error(`hookbench: ${known ? (error as Error).message : (error as Error).stack}`);
    process.exit(1);
  },
);
