import { describe, expect, it } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import { requireConfig } from '../../../functions/core/config/parse.js';
import { loadConfig, parseApiAuth, parseEcsContext, pipelineSecrets, sourceSecrets } from '../../../infra/aws/stack-config.js';
import { ECS_CONTEXT, EXAMPLE_CONFIG } from './synth.js';

describe('Function: loadConfig', () => {
  it('returns the validated configuration, which the Lambdas read back unchanged from its JSON', () => {
    const config = loadConfig(EXAMPLE_CONFIG);
    expect(isDeepStrictEqual(requireConfig(JSON.stringify(config), 'upkeep-config.json'), config)).toBe(true);
  });

  it('names the missing file and the context key', () => {
    expect(() => loadConfig('nowhere/upkeep.yaml')).toThrow(/nowhere\/upkeep\.yaml \(CDK context "upkeep:config"\)/);
  });
});

describe('Function: parseEcsContext', () => {
  it('reads the listener and target groups per component, from an object or JSON text', () => {
    expect(parseEcsContext(ECS_CONTEXT)).toEqual(ECS_CONTEXT);
    expect(parseEcsContext(JSON.stringify(ECS_CONTEXT))).toEqual(ECS_CONTEXT);
    expect(parseEcsContext(undefined)).toEqual({});
  });

  it('refuses an entry that is not an ARN, saying which', () => {
    expect(() => parseEcsContext({ storefront: { ...ECS_CONTEXT.storefront, greenTargetGroupArn: 'storefront-green' } })).toThrow(/storefront\.greenTargetGroupArn must be an Elastic Load Balancing ARN, got "storefront-green"/);
  });
});

describe('Function: parseApiAuth', () => {
  it('defaults to IAM', () => {
    expect(parseApiAuth(undefined)).toEqual({ type: 'iam' });
  });

  it('reads a JWT issuer and audience', () => {
    expect(parseApiAuth('{"type":"jwt","issuer":"https://id.example.com","audience":["a"]}')).toEqual({ type: 'jwt', issuer: 'https://id.example.com', audience: ['a'] });
  });

  it('refuses a JWT issuer that is not https, and an unknown type', () => {
    expect(() => parseApiAuth({ type: 'jwt', issuer: 'http://id.example.com', audience: ['a'] })).toThrow(/issuer must be the JWT issuer's https URL/);
    expect(() => parseApiAuth({ type: 'cognito' })).toThrow(/must be "iam" or "jwt", got "cognito"/);
  });
});

describe('Functions: sourceSecrets and pipelineSecrets', () => {
  it('collect the secret names a component references, by kind', () => {
    const config = loadConfig(EXAMPLE_CONFIG);
    const billing = config.components.find((c) => c.name === 'billing-api')!;
    expect(sourceSecrets(billing)).toEqual(['upkeep/npm-token']);
    expect(pipelineSecrets(billing)).toEqual(['upkeep/github-token']);
  });
});
