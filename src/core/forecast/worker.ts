// Forecast requests as plain (structured-cloneable) data and `runRequest`, which runs one in a
// worker_threads Worker (workerEntry.ts) or inline. No side effects on import.
import { backtestHowMany, backtestWhen, calibrate } from './backtest';
import type { BacklogExtraction } from './extract';
import { howMany, perItem, when, type HowManyOptions, type PerItemOptions, type WhenOptions } from './forecast';
import { flowMetrics, predictability } from './metrics';
import { CancelledError } from './simulate';
import { backlogSource, csvSource, parseCsvDates, samplesSource, type CsvDateColumns, type ForecastSource } from './sources';

/** A source as plain (structured-cloneable) data. */
export type SourceSpec =
  | { kind: 'samples'; samples: number[]; per?: 'day' | 'week' }
  | { kind: 'csv'; text: string; columns: CsvDateColumns; timeZone?: string }
  | { kind: 'backlog'; extraction: BacklogExtraction };

type Opt<T> = Omit<T, 'shouldCancel'>;
export type ForecastRequest =
  | { op: 'howMany'; source: SourceSpec; options: Opt<HowManyOptions> }
  | { op: 'when'; source: SourceSpec; options: Opt<WhenOptions> }
  | { op: 'perItem'; source: SourceSpec; options: Opt<PerItemOptions> }
  | { op: 'backtestHowMany'; source: SourceSpec; options: Parameters<typeof backtestHowMany>[1] }
  | { op: 'backtestWhen'; source: SourceSpec; options: Parameters<typeof backtestWhen>[1] }
  | { op: 'calibrate'; source: SourceSpec; options: Opt<Parameters<typeof calibrate>[1]> }
  | { op: 'metrics'; extraction: BacklogExtraction; options: Parameters<typeof flowMetrics>[1] & { seed: number } }
  /** Test aid: spins for `ms` while polling the cancellation flag. */
  | { op: 'spin'; ms: number };

export function sourceOf(spec: SourceSpec): ForecastSource {
  switch (spec.kind) {
    case 'samples':
      return samplesSource(spec.samples, spec.per);
    case 'csv':
      return csvSource(parseCsvDates(spec.text, spec.columns, spec.timeZone));
    case 'backlog':
      return backlogSource(spec.extraction);
  }
}

/** Runs one request; `shouldCancel` is polled between trial blocks. */
export function runRequest(req: ForecastRequest, shouldCancel?: () => boolean): unknown {
  switch (req.op) {
    case 'howMany':
      return howMany(sourceOf(req.source), { ...req.options, shouldCancel });
    case 'when':
      return when(sourceOf(req.source), { ...req.options, shouldCancel });
    case 'perItem':
      return perItem(sourceOf(req.source), { ...req.options, shouldCancel });
    case 'backtestHowMany':
      return backtestHowMany(sourceOf(req.source), req.options);
    case 'backtestWhen':
      return backtestWhen(sourceOf(req.source), req.options);
    case 'calibrate':
      return calibrate(sourceOf(req.source), { ...req.options, shouldCancel });
    case 'metrics': {
      const m = flowMetrics(req.extraction, req.options);
      return { ...m, predictability: predictability(backlogSource(req.extraction), req.options.today, req.options.seed, req.options.calendar) };
    }
    case 'spin': {
      const end = Date.now() + req.ms;
      while (Date.now() < end) if (shouldCancel?.()) throw new CancelledError();
      return { spun: req.ms };
    }
  }
}

export interface WorkerInit {
  flags: SharedArrayBuffer;
}
export interface WorkerMessage {
  id: number;
  slot: number;
  request: ForecastRequest;
}
export type WorkerReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; cancelled: boolean; error: string; code?: string; field?: string };
