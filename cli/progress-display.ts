// Live per-Region progress of an operation. On a terminal the block of lines is redrawn in place (one
// line per Region with its status and detail); on a pipe or file each change is printed once, as a line.
import { orderedSteps, stepDetail } from './format/render.js';
import type { OperationView } from './format/views.js';
import type { OutputStream } from './io.js';

export interface ProgressDisplay {
  show(operation: OperationView): void;
  /** Leaves the last state on screen (a TTY) and stops redrawing. */
  finish(operation: OperationView): void;
}

const MARKS: Readonly<Record<string, string>> = {
  Pending: '·',
  Running: '>',
  Succeeded: '✔',
  Skipped: '-',
  Failed: '✖',
  PartiallySucceeded: '!',
};

export function createProgressDisplay(out: OutputStream, now: () => number = Date.now): ProgressDisplay {
  return out.isTTY ? redrawnDisplay(out, now) : lineDisplay(out);
}

function lineDisplay(out: OutputStream): ProgressDisplay {
  const seen = new Map<string, string>();
  const show = (operation: OperationView) => {
    const head = `operation ${operation.operationId} (${operation.type})`;
    if (seen.get('') !== operation.status && !isTerminal(operation)) {
      seen.set('', operation.status);
      out.write(`${head}: ${operation.status}\n`);
    }
    for (const [region, step] of orderedSteps(operation)) {
      const detail = stepDetail(step);
      const line = `${region}: ${step.status}${detail ? ` (${detail})` : ''}`;
      if (seen.get(region) === line) continue;
      seen.set(region, line);
      out.write(`${line}\n`);
    }
  };
  return {
    show,
    finish(operation) {
      show(operation);
      out.write(`operation ${operation.operationId} (${operation.type}): ${operation.status}\n`);
    },
  };
}

function redrawnDisplay(out: OutputStream, now: () => number): ProgressDisplay {
  const started = now();
  let drawn = 0;
  const draw = (operation: OperationView) => {
    // Some terminals (and pseudo-terminals without a size) report 0 columns: that means unknown, not narrow.
    const columns = out.columns !== undefined && out.columns > 0 ? out.columns : 100;
    const width = Math.max(40, columns - 1);
    const seconds = ((now() - started) / 1000).toFixed(1);
    const regions = orderedSteps(operation);
    const regionWidth = Math.max(6, ...regions.map(([region]) => region.length));
    const lines = [
      `${MARKS[operation.status] ?? '>'} ${operation.type} ${operation.operationId}  ${operation.status}  ${seconds}s`,
      ...regions.map(([region, step]) => {
        const detail = stepDetail(step);
        return `  ${MARKS[step.status] ?? '?'} ${region.padEnd(regionWidth)}  ${step.status.padEnd(9)}  ${detail}`.trimEnd();
      }),
    ].map((line) => (line.length > width ? `${line.slice(0, width - 1)}…` : line));
    let text = drawn > 0 ? `\x1b[${drawn}A` : '';
    for (const line of lines) text += `\r\x1b[2K${line}\n`;
    // A shorter block than last time: clear the lines left below it, then come back up.
    const extra = drawn - lines.length;
    if (extra > 0) text += `${'\x1b[2K\n'.repeat(extra)}\x1b[${extra}A`;
    out.write(text);
    drawn = lines.length;
  };
  return { show: draw, finish: draw };
}

export function isTerminal(operation: Pick<OperationView, 'status'>): boolean {
  return (
    operation.status === 'Succeeded' ||
    operation.status === 'PartiallySucceeded' ||
    operation.status === 'Failed'
  );
}
