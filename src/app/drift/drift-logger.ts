// Drift logging: the Powertools Logger in Lambda, a recorder in tests.
import { Logger } from '@aws-lambda-powertools/logger';

/** The part of a logger the drift work uses (the API's ApiLogger fits it too). */
export interface DriftLogger {
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

export function powertoolsDriftLogger(logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR'): DriftLogger {
  return new Logger({ serviceName: 'mrk-control-plane-drift', logLevel });
}

/** Where no logger was given (a caller outside the drift scan): still written, to stderr as Lambda keeps it. */
export const consoleDriftLogger: DriftLogger = {
  warn: (message, ...extra) => console.warn(message, ...extra),
  error: (message, ...extra) => console.error(message, ...extra),
};

export interface RecordingDriftLogger extends DriftLogger {
  readonly entries: { level: 'WARN' | 'ERROR'; message: string; extra: Record<string, unknown>[] }[];
}

export function recordingDriftLogger(): RecordingDriftLogger {
  const entries: RecordingDriftLogger['entries'] = [];
  return {
    entries,
    warn: (message, ...extra) => entries.push({ level: 'WARN', message, extra }),
    error: (message, ...extra) => entries.push({ level: 'ERROR', message, extra }),
  };
}
