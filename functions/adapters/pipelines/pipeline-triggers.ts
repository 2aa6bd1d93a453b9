import type { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import type { PipelineConfig } from '../../core/config/pipeline-schema.js';
import type { PipelineTrigger } from '../../ports/pipeline-trigger.js';
import type { Secrets } from '../../ports/secrets.js';
import { CircleciTrigger } from './circleci-trigger.js';
import { CodepipelineTrigger } from './codepipeline-trigger.js';
import { GithubActionsTrigger } from './github-actions-trigger.js';
import { GitlabCiTrigger } from './gitlab-ci-trigger.js';
import { JenkinsTrigger } from './jenkins-trigger.js';
import type { PipelineTriggerOptions } from './pipeline-http.js';

/** What the pipeline triggers need; build it once per Lambda container and share it. */
export interface PipelineTriggerDeps extends PipelineTriggerOptions {
  /** CI tokens by the names the configuration gives. */
  readonly secrets: Secrets;
  /** @default - a new `CodePipelineClient` per trigger */
  readonly codepipeline?: CodePipelineClient;
}

/**
 * The {@link PipelineTrigger} for a component's `pipeline` configuration. Share one `http`
 * client across calls so per-host limits and `Retry-After` pauses hold across components.
 *
 * @example
 * ```ts
 * const http = new HttpExchange({ userAgent: 'upkeep-pipeline-trigger', transport: fetchTransport });
 * const trigger = pipelineTriggerFor(component.pipeline, { secrets, http });
 * const run = await trigger.start({ workflowId, component: 'api', version: '1.2.4' });
 * ```
 */
export function pipelineTriggerFor(config: PipelineConfig, deps: PipelineTriggerDeps): PipelineTrigger {
  const { secrets, codepipeline, ...options } = deps;
  switch (config.provider) {
    case 'github-actions':
      return new GithubActionsTrigger(config, secrets, options);
    case 'gitlab-ci':
      return new GitlabCiTrigger(config, secrets, options);
    case 'jenkins':
      return new JenkinsTrigger(config, secrets, options);
    case 'circleci':
      return new CircleciTrigger(config, secrets, options);
    case 'codepipeline':
      return new CodepipelineTrigger(config, codepipeline === undefined ? {} : { client: codepipeline });
    default:
      return unknownProvider(config);
  }
}

function unknownProvider(config: never): never {
  throw new Error(`no pipeline trigger for provider "${String((config as { provider?: unknown }).provider)}"`);
}
