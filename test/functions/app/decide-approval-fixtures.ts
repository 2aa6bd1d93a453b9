import { csrfToken, secretHash } from '../../../functions/app/approval-links.js';
import type { DecisionRequest } from '../../../functions/app/decide-approval.js';
import { requestApproval } from '../../../functions/app/steps/request-approval.js';
import type { UpkeepConfigInput } from '../../../functions/core/config/schema.js';
import type { NewWorkflow } from '../../../functions/ports/workflow-store.js';
import { StaticConfigProvider, fakeAppDeps, testConfig } from '../../support/fakes/index.js';
import type { FakeAppDeps } from '../../support/fakes/index.js';
import { anEvaluation, givenWorkflow, linkSecretIn } from './app-fixtures.js';

/** A workflow awaiting approval: asked by `requestApproval`, with the links each approver was mailed. */
export interface Awaiting {
  readonly deps: FakeAppDeps;
  readonly id: string;
  readonly taskToken: string;
  /** Each approver's link secret, from the latest email to them. */
  readonly links: Map<string, string>;
}

export async function awaitingApproval(partial: Partial<UpkeepConfigInput> = {}, workflow: Partial<NewWorkflow> = {}): Promise<Awaiting> {
  const deps = fakeAppDeps({ config: new StaticConfigProvider(testConfig(partial)) });
  const wf = await givenWorkflow(deps, { stage: 'EVALUATING', evaluation: anEvaluation(), ...workflow });
  return askAgain({ deps, id: wf.id, taskToken: '', links: new Map() });
}

/** Requests approval (again) with a new task token, as a redrive does. */
export async function askAgain(state: Awaiting): Promise<Awaiting> {
  const taskToken = state.deps.engine.issueTaskToken();
  const sent = state.deps.notifier.messages.length;
  await requestApproval(state.deps, { workflowId: state.id, taskToken, timeoutSeconds: 86_400 });
  const links = new Map(state.deps.notifier.messages.slice(sent).map((m) => [m.to?.[0] ?? '', linkSecretIn(m.text)]));
  return { ...state, taskToken, links };
}

/** A decision through the confirmation page of `approver`'s link. */
export function viaLink(state: Awaiting, approver: string, decision: DecisionRequest['decision'], reason?: string): DecisionRequest {
  const secret = state.links.get(approver);
  if (secret === undefined) throw new Error(`${approver} was not sent a link`);
  return { decision, ...(reason ? { reason } : {}), sourceIp: '203.0.113.7', via: { kind: 'link', secretHash: secretHash(secret), csrfToken: csrfToken(secret) } };
}

/** A decision by an authenticated API caller. */
export function viaApi(state: Awaiting, identity: string, decision: DecisionRequest['decision'], reason?: string): DecisionRequest {
  return { decision, ...(reason ? { reason } : {}), via: { kind: 'api', workflowId: state.id, identity } };
}
