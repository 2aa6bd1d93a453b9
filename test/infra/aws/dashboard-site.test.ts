import { readdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { describe, expect, it } from 'vitest';
import { WEB_ROOT, staticFiles } from '../../../infra/local/static-files.js';
import { DASHBOARD_CSP } from '../../../infra/aws/dashboard-site.js';
import { list, resourcesOf, statementsOfRole, synth, type Statement } from './synth.js';

type Json = Record<string, unknown>;

/** The headers local mode's static server sends with the dashboard's index page. */
function localHeaders(): Record<string, string> {
  let headers: Record<string, string> = {};
  const response = { writeHead: (_status: number, h: Record<string, string>) => { headers = h; }, end: () => undefined } as unknown as ServerResponse;
  staticFiles(WEB_ROOT)({ method: 'GET', url: '/' } as IncomingMessage, response);
  return headers;
}

describe('Construct: DashboardSite', () => {
  const s = synth();
  const site = s.stack.dashboard;
  const id = (construct: { node: { defaultChild?: unknown } }): string => s.stack.getLogicalId(construct.node.defaultChild as never);
  const distribution = resourcesOf(s.template, 'AWS::CloudFront::Distribution')[id(site.distribution)]!.Properties.DistributionConfig as Json & {
    DefaultCacheBehavior: Json; CacheBehaviors: Json[]; Origins: (Json & { DomainName: unknown })[];
  };

  it('keeps the files in a private, encrypted bucket that logs its access', () => {
    s.template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: id(site.logBucket) }, LogFilePrefix: 's3/' },
    });
    for (const bucket of [site.bucket, site.logBucket]) {
      const policy = Object.values(resourcesOf(s.template, 'AWS::S3::BucketPolicy')).find((p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: id(bucket) }));
      expect((policy?.Properties.PolicyDocument as { Statement: Statement[] }).Statement).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    }
  });

  it('lets only this distribution read the files, through origin access control', () => {
    const s3 = distribution.Origins.find((o) => JSON.stringify(o.DomainName).includes(id(site.bucket)));
    expect(s3?.OriginAccessControlId).toBeDefined();
    const policy = Object.values(resourcesOf(s.template, 'AWS::S3::BucketPolicy')).find((p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: id(site.bucket) }));
    const allows = (policy!.Properties.PolicyDocument as { Statement: (Statement & { Principal?: unknown })[] }).Statement.filter((st) => st.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({ Action: 's3:GetObject', Principal: { Service: 'cloudfront.amazonaws.com' } });
    expect(JSON.stringify(allows[0]!.Condition)).toContain(id(site.distribution));
  });

  it('serves index.html at / over HTTPS with the headers local mode sends', () => {
    expect(distribution).toMatchObject({ DefaultRootObject: 'index.html', DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] } });
    const local = localHeaders();
    expect(local['content-security-policy']).toBe(DASHBOARD_CSP);
    s.template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: { ContentSecurityPolicy: DASHBOARD_CSP, Override: true },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: local['x-frame-options'], Override: true },
          ReferrerPolicy: { ReferrerPolicy: local['referrer-policy'], Override: true },
        }),
      }),
    });
  });

  it('forwards the dashboard\'s API calls to the HTTP API, uncached, with the caller\'s Authorization', () => {
    const api = distribution.CacheBehaviors.find((b) => b.PathPattern === '/api/*');
    expect(api).toMatchObject({
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: expect.arrayContaining(['GET', 'POST', 'PUT']) as unknown,
      CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
      OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
    });
    const origin = distribution.Origins.find((o) => o.Id === api?.TargetOriginId);
    expect(JSON.stringify(origin?.DomainName)).toContain(`{"Ref":"${id(s.stack.api.api)}"},".execute-api."`);
    expect(origin?.CustomOriginConfig).toEqual({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    // Approval links never pass CloudFront, whose logs would keep their secret: they point at the API.
    expect(distribution.CacheBehaviors.map((b) => b.PathPattern)).toEqual(['/api/*']);
  });

  it('logs the distribution\'s requests to the log bucket', () => {
    expect(distribution.Logging).toEqual({ Bucket: { 'Fn::GetAtt': [id(site.logBucket), 'RegionalDomainName'] }, Prefix: 'cloudfront/' });
  });

  it('copies web/ into the bucket on every deploy, marked no-cache', () => {
    const [deployment] = Object.values(resourcesOf(s.template, 'Custom::CDKBucketDeployment'));
    expect(deployment!.Properties).toMatchObject({ DestinationBucketName: { Ref: id(site.bucket) }, Prune: true, SystemMetadata: { 'cache-control': 'no-cache' } });
    const key = (deployment!.Properties.SourceObjectKeys as string[])[0]!;
    const staged = readdirSync(join(s.app.outdir, `asset.${key.replace(/\.zip$/, '')}`));
    expect(staged).toEqual(expect.arrayContaining(['index.html', 'app.js', 'styles.css', 'views']));
    expect(staged.filter((f) => f.endsWith('.ts') || f.startsWith('.'))).toEqual([]);
  });

  it('copies with a role that may read only its asset and write only the dashboard bucket', () => {
    const statements = statementsOfRole(s, id(site.deploymentRole)).filter((st) => st.Effect === 'Allow');
    const actions = statements.flatMap((st) => list(st.Action)).sort();
    expect(actions).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', 's3:DeleteObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject']);
    const [deployment] = Object.values(resourcesOf(s.template, 'Custom::CDKBucketDeployment'));
    const read = statements.find((st) => list(st.Action).includes('s3:GetObject'));
    expect(JSON.stringify(read?.Resource)).toContain(`/${(deployment!.Properties.SourceObjectKeys as string[])[0]!}`);
    const provider = Object.values(resourcesOf(s.template, 'AWS::Lambda::Function')).find((f) => JSON.stringify(f.Properties.Role).includes(id(site.deploymentRole)));
    expect(provider).toBeDefined();
    expect(JSON.stringify(resourcesOf(s.template, 'AWS::IAM::Role')[id(site.deploymentRole)]!.Properties.ManagedPolicyArns ?? [])).toBe('[]');
  });
});
