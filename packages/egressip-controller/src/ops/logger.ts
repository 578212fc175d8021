// Structured JSON logs through winston. Every line about an object carries its key
// (`egressip`, `node`, ...) as a field, so logs can be filtered per object.
import winston from 'winston';

/** Structured fields of a log line. */
export type LogMeta = Record<string, unknown>;

/** The narrow logging surface the controller uses; any winston logger satisfies it. */
export interface Logger {
  error(message: string, meta?: LogMeta): void;
  warn(message: string, meta?: LogMeta): void;
  info(message: string, meta?: LogMeta): void;
  debug(message: string, meta?: LogMeta): void;
}

/** Log levels, most severe first. */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  readonly level?: LogLevel;
  /** Where lines go (default: stderr, so stdout stays free for command output). */
  readonly stream?: NodeJS.WritableStream;
  /** Fields added to every line (e.g. {component: 'egressip-controller'}). */
  readonly defaultMeta?: LogMeta;
}

/** A winston logger writing JSON lines to stderr. */
export function createLogger(opts: LoggerOptions = {}): Logger {
  return winston.createLogger({
    level: opts.level ?? 'info',
    defaultMeta: opts.defaultMeta ?? { component: 'egressip-controller' },
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    transports: [new winston.transports.Stream({ stream: opts.stream ?? process.stderr })],
  });
}

/** A logger that drops everything (tests, library use without logging). */
export const silentLogger: Logger = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
};
