import definition from '../../statemachines/update-workflow.asl.json' with { type: 'json' };
import { baseDeps } from './base-deps.js';
import { routeHandler } from './shared/route-handler.js';

/**
 * `GET /api/self-update/workflow-definition`: the update workflow's state machine (the ASL
 * document both modes run, `${Placeholders}` unresolved), so the dashboard can draw its graph.
 * Bundled with the handler: the answer is the definition this code was deployed with. Untraced:
 * it calls nothing downstream.
 */
export const handler = routeHandler('api-workflow-definition', baseDeps, () => Promise.resolve({
  json: definition,
  headers: { 'cache-control': 'private, max-age=300' },
}));
