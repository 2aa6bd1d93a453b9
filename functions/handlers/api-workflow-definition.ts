import definition from '../../statemachines/update-workflow.asl.json' with { type: 'json' };
import { httpHandler } from './shared/http-handler.js';

/**
 * `GET /api/self-update/workflow-definition`: the update workflow's state machine (the ASL
 * document both modes run, `${Placeholders}` unresolved), so the dashboard can draw its graph.
 * Bundled with the handler: the answer is the definition this code was deployed with.
 */
export const handler = httpHandler('api-workflow-definition', () => Promise.resolve({
  json: definition,
  headers: { 'cache-control': 'private, max-age=300' },
}));
