// Logging, metrics and tracing as the API uses them: a Powertools Logger and Metrics, or silent stand-ins for tests.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
// Type only: the Tracer (the X-Ray SDK, ~120 KiB minified) is bundled only by the functions that create one.
import type { Tracer } from '@aws-lambda-powertools/tracer';

/** The part of the Powertools Logger the API uses (tests pass a recorder). */
export interface ApiLogger {
  debug(message: string, ...extra: Record<string, unknown>[]): void;
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
  appendKeys(keys: Record<string, unknown>): void;
  resetKeys(): void;
}

export type Outcome = 'Success' | 'ClientError' | 'Denied' | 'ServerError';

export interface ApiTelemetry {
  readonly logger: ApiLogger;
  /** One metric per request: `Requests` with the operation and outcome as dimensions. */
  recordRequest(operation: string, outcome: Outcome, status: number): void;
  /**
   * X-Ray subsegments (Powertools Tracer) for the handler and the AWS clients it is given to; absent in tests,
   * in the authorizer and the health function (Lambda's active tracing still records their invocations).
   */
  readonly tracer?: Tracer;
}

export function outcomeOf(status: number): Outcome {
  if (status >= 500) return 'ServerError';
  if (status === 401 || status === 403) return 'Denied';
  return status >= 400 ? 'ClientError' : 'Success';
}

/** Powertools: structured JSON logs and EMF metrics (flushed after every request), and the tracer if given. */
export function powertoolsTelemetry(options: {
  readonly serviceName: string;
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  readonly namespace?: string;
  readonly tracer?: Tracer;
}): ApiTelemetry {
  const logger = new Logger({ serviceName: options.serviceName, logLevel: options.logLevel });
  const metrics = new Metrics({
    namespace: options.namespace ?? 'MrkControlPlane',
    serviceName: options.serviceName,
  });
  return {
    logger,
    ...(options.tracer !== undefined && { tracer: options.tracer }),
    recordRequest(operation, outcome, status) {
      // singleMetric keeps the dimensions of one request off the next request's metric.
      const metric = metrics.singleMetric();
      metric.addDimension('operation', operation);
      metric.addDimension('outcome', outcome);
      metric.addMetric('Requests', MetricUnit.Count, 1);
      if (status >= 500) metrics.singleMetric().addMetric('ServerErrors', MetricUnit.Count, 1);
    },
  };
}

/** A logger that keeps entries in memory (tests assert on them) and metrics as a list. */
export interface RecordingTelemetry extends ApiTelemetry {
  readonly entries: { level: string; message: string; keys: Record<string, unknown>; extra: unknown[] }[];
  readonly requests: { operation: string; outcome: Outcome; status: number }[];
}

export function recordingTelemetry(): RecordingTelemetry {
  let keys: Record<string, unknown> = {};
  const entries: RecordingTelemetry['entries'] = [];
  const requests: RecordingTelemetry['requests'] = [];
  const log =
    (level: string) =>
    (message: string, ...extra: unknown[]) =>
      entries.push({ level, message, keys: { ...keys }, extra });
  return {
    entries,
    requests,
    logger: {
      debug: log('DEBUG'),
      info: log('INFO'),
      warn: log('WARN'),
      error: log('ERROR'),
      appendKeys: (more) => {
        keys = { ...keys, ...more };
      },
      resetKeys: () => {
        keys = {};
      },
    },
    recordRequest: (operation, outcome, status) => requests.push({ operation, outcome, status }),
  };
}
