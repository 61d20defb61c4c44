/** The core's only output channel; the CLI prints it, tests silence it. Never given secrets. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const consoleLogger: Logger = {
  info: (message) => console.log(message),
  warn: (message) => console.warn(`warning: ${message}`),
  error: (message) => console.error(`error: ${message}`),
};

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
