import { describe, expect, it } from 'vitest';
import { lines, valid, withComponent } from './helpers.js';

describe('Schema: PipelineSchema', () => {
  it.each([
    [{ provider: 'github-actions', repository: 'acme/api', workflow: 'deploy.yml', tokenSecret: 'gh' }, { ref: 'main', api: 'https://api.github.com', inputs: {}, timeout: '1h' }],
    [{ provider: 'github-actions', repository: 'acme/api', workflow: 1234, tokenSecret: 'gh', api: 'http://127.0.0.1:9000' }, { api: 'http://127.0.0.1:9000' }],
    [{ provider: 'gitlab-ci', project: 42, tokenSecret: 'gl' }, { ref: 'main', api: 'https://gitlab.com/api/v4', variables: {} }],
    [{ provider: 'jenkins', url: 'https://ci.example.com', job: 'deploy/api', user: 'bot', tokenSecret: 'jk', parameters: { V: '{version}' } }, { parameters: { V: '{version}' } }],
    [{ provider: 'circleci', projectSlug: 'gh/acme/api', tokenSecret: 'cc' }, { branch: 'main', api: 'https://circleci.com/api/v2' }],
    [{ provider: 'codepipeline', name: 'api-release', timeout: '2h' }, { timeout: '2h' }],
  ])('accepts %j', (pipeline, expected) => {
    expect(valid(withComponent({ pipeline })).components[0]?.pipeline).toMatchObject({ ...pipeline, ...expected });
  });

  it('lists the providers for an unknown one and suggests the closest', () => {
    expect(lines(withComponent({ pipeline: { provider: 'github-action' } }))).toEqual([
      'components[0].pipeline.provider: `provider` must be one of the known kinds: github-actions, gitlab-ci, jenkins, circleci, codepipeline; did you mean `github-actions`?',
    ]);
  });

  it('says the provider is required when it is missing', () => {
    expect(lines(withComponent({ pipeline: { name: 'x' } }))[0]).toBe(
      'components[0].pipeline.provider: `provider` is required: github-actions, gitlab-ci, jenkins, circleci, codepipeline',
    );
  });

  it('refuses an inline token and a bad slug', () => {
    expect(lines(withComponent({ pipeline: { provider: 'circleci', projectSlug: 'acme/api', tokenSecret: 'ghp_ abc' } }))).toEqual([
      'components[0].pipeline.projectSlug: `projectSlug` must be a project slug such as "gh/org/repo"',
      'components[0].pipeline.tokenSecret: `tokenSecret` must be a secret name (letters, digits, / _ + = . @ -), not the secret itself',
    ]);
  });

  it('names what a workflow may be', () => {
    expect(lines(withComponent({ pipeline: { provider: 'github-actions', repository: 'a/b', workflow: true, tokenSecret: 't' } }))).toEqual([
      'components[0].pipeline.workflow: `workflow` must be a string or a number, got true/false',
    ]);
  });
});
