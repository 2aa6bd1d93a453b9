import { metricsText } from '../app/api/metrics-text.js';
import { httpHandler } from './shared/http-handler.js';

/** `GET /metrics`: Prometheus text exposition of the key metrics (authenticated like the API). */
export const handler = httpHandler('api-metrics', async (deps) => ({
  text: await metricsText(deps),
  headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' },
}));
