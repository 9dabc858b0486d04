// Drift metrics: Powertools EMF metrics in Lambda, an in-memory list in tests.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export interface DriftMetrics {
  /** A count, with optional dimensions (e.g. `{ kind: 'PropertyDrift' }`). */
  count(name: string, value: number, dimensions?: Readonly<Record<string, string>>): void;
  /** Publishes what was counted (the end of a task invocation). */
  flush(): void;
}

export function powertoolsDriftMetrics(namespace = 'MrkControlPlane'): DriftMetrics {
  const metrics = new Metrics({ namespace, serviceName: 'drift-scan' });
  return {
    count(name, value, dimensions = {}) {
      // singleMetric: each count keeps its own dimensions.
      const metric = metrics.singleMetric();
      for (const [key, dimension] of Object.entries(dimensions)) metric.addDimension(key, dimension);
      metric.addMetric(name, MetricUnit.Count, value);
    },
    flush() {
      metrics.publishStoredMetrics();
    },
  };
}

export interface RecordingDriftMetrics extends DriftMetrics {
  readonly counts: { name: string; value: number; dimensions: Record<string, string> }[];
  total(name: string, dimensions?: Readonly<Record<string, string>>): number;
}

export function recordingDriftMetrics(): RecordingDriftMetrics {
  const counts: RecordingDriftMetrics['counts'] = [];
  return {
    counts,
    count: (name, value, dimensions = {}) => counts.push({ name, value, dimensions: { ...dimensions } }),
    flush: () => {},
    total: (name, dimensions = {}) =>
      counts
        .filter(
          (entry) =>
            entry.name === name &&
            Object.entries(dimensions).every(([key, value]) => entry.dimensions[key] === value),
        )
        .reduce((sum, entry) => sum + entry.value, 0),
  };
}
