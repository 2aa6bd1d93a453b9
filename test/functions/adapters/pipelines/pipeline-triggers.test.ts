import { describe, expect, it } from 'vitest';
import { CircleciTrigger } from '../../../../functions/adapters/pipelines/circleci-trigger.js';
import { CodepipelineTrigger } from '../../../../functions/adapters/pipelines/codepipeline-trigger.js';
import { GithubActionsTrigger } from '../../../../functions/adapters/pipelines/github-actions-trigger.js';
import { GitlabCiTrigger } from '../../../../functions/adapters/pipelines/gitlab-ci-trigger.js';
import { JenkinsTrigger } from '../../../../functions/adapters/pipelines/jenkins-trigger.js';
import { pipelineTriggerFor } from '../../../../functions/adapters/pipelines/pipeline-triggers.js';
import { PipelineSchema } from '../../../../functions/core/config/pipeline-schema.js';
import { FakeSecrets } from '../../../support/fake-secrets.js';

const deps = { secrets: new FakeSecrets() };

describe('Function: pipelineTriggerFor', () => {
  it.each([
    [{ provider: 'github-actions', repository: 'acme/app', workflow: 'deploy.yml', tokenSecret: 'T' }, GithubActionsTrigger],
    [{ provider: 'gitlab-ci', project: 'group/app', tokenSecret: 'T' }, GitlabCiTrigger],
    [{ provider: 'jenkins', url: 'https://ci.example', job: 'deploy/api', user: 'upkeep', tokenSecret: 'T' }, JenkinsTrigger],
    [{ provider: 'circleci', projectSlug: 'gh/acme/app', tokenSecret: 'T' }, CircleciTrigger],
    [{ provider: 'codepipeline', name: 'api-deploy' }, CodepipelineTrigger],
  ])('builds the trigger for %o', (raw, expected) => {
    // Prepare
    const config = PipelineSchema.parse(raw);

    // Act
    const trigger = pipelineTriggerFor(config, deps);

    // Assess
    expect(trigger).toBeInstanceOf(expected);
  });
});
