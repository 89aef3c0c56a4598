// The public API's `forecast(request)`: a validated request (src/core/protocol/forecastArgs.ts)
// dispatched to the forecast host. Results are the engine's typed outcomes with their sentences.
import type { ForecastApiRequest } from '../core/protocol/forecastArgs';
import type { ForecastHost } from './forecastHost';

export function forecastApi(host: ForecastHost): (req: ForecastApiRequest) => Promise<unknown> {
  return async (req) => {
    switch (req.op) {
      case 'howMany': {
        const { op: _op, ...o } = req;
        return host.howMany(o);
      }
      case 'when': {
        const { op: _op, ...o } = req;
        return host.when(o);
      }
      case 'perItem': {
        const { op: _op, ...o } = req;
        return host.perItem(o);
      }
      case 'backtest': {
        const { op: _op, ...o } = req;
        return host.backtest(o);
      }
      case 'metrics':
        return host.metrics({ backlogId: req.backlogId, from: req.from, source: req.source });
      case 'whyMoved':
        return host.whyMoved({ backlogId: req.backlogId, itemId: req.itemId });
    }
  };
}
