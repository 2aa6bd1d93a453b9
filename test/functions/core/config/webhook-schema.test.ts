import { describe, expect, it } from 'vitest';
import { WEBHOOK_PROVIDERS, WebhooksSchema } from '../../../../functions/core/config/webhook-schema.js';
import { lines, minimal, valid } from './helpers.js';

describe('Schema: WebhooksSchema', () => {
  it('accepts no webhooks at all, which leaves every provider refused', () => {
    expect(valid(minimal()).webhooks).toBeUndefined();
    expect(valid({ ...minimal(), webhooks: {} }).webhooks).toEqual({});
  });

  it('accepts each provider with its secret named', () => {
    const webhooks = {
      github: { secret: 'github-webhook' },
      npm: { secret: 'npm/hook-secret' },
      distribution: { tokenSecret: 'registry-notify' },
      dockerhub: { tokenSecret: 'dockerhub-token' },
    };

    expect(valid({ ...minimal(), webhooks }).webhooks).toEqual(webhooks);
  });

  it('names the same providers the route accepts', () => {
    expect(Object.keys(WebhooksSchema.shape)).toEqual([...WEBHOOK_PROVIDERS]);
  });

  it('refuses an inline secret, a missing one, a misspelt provider and the wrong key', () => {
    expect(lines({
      ...minimal(),
      webhooks: { gitlab: { secret: 'x' }, github: { secret: 'whsec abc' }, npm: {}, distribution: { secret: 'registry-notify' }, dockerhub: 'token' },
    })).toEqual([
      'webhooks.gitlab: `gitlab` is not a known key here; did you mean `github`?',
      'webhooks.github.secret: `secret` must be a secret name (letters, digits, / _ + = . @ -), not the secret itself',
      'webhooks.npm.secret: `secret` is required',
      'webhooks.distribution.tokenSecret: `tokenSecret` is required',
      'webhooks.distribution.secret: `secret` is not a known key here; known keys here: tokenSecret',
      'webhooks.dockerhub: `dockerhub` must be a mapping (key: value lines), got a string',
    ]);
  });

  it('refuses a list where the section belongs', () => {
    expect(lines({ ...minimal(), webhooks: [] })).toEqual(['webhooks: `webhooks` must be a mapping (key: value lines), got a list']);
  });
});
