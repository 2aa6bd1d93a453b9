import { Duration, Stack } from 'aws-cdk-lib';
import {
  AllowedMethods, CachePolicy, Distribution, HeadersFrameOption, HeadersReferrerPolicy, OriginProtocolPolicy, OriginRequestPolicy, OriginSslPolicy,
  PriceClass, ResponseHeadersPolicy, ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';

/** Properties of {@link DashboardSite}. */
export interface DashboardSiteProps {
  /** The dashboard's files (`web/`: static, no build step). */
  readonly webRoot: string;
  /** The HTTP API's id: the dashboard calls it at `/api/*` on its own origin. */
  readonly apiId: string;
  /**
   * How long the access logs (CloudFront's and the site bucket's) are kept.
   * @default Duration.days(90)
   */
  readonly accessLogRetention?: Duration;
  /**
   * How long the copying function's own log events are kept.
   * @default RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: RetentionDays;
}

/**
 * The same policy local mode's static server sends (`infra/local/static-files.ts`): scripts,
 * styles and API calls from this origin only, no framing, no inline script — the API token the
 * dashboard keeps in `sessionStorage` is worth protecting.
 */
export const DASHBOARD_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Where the dashboard's API calls go: they are same-origin, so the distribution forwards them to the HTTP API. */
export const DASHBOARD_API_PATH = '/api/*';

/**
 * The dashboard on AWS: `web/` copied by a `BucketDeployment` into a private, encrypted,
 * SSL-only bucket, served by CloudFront through origin access control, with the API routes it
 * calls (`/api/*`) forwarded, uncached and with every viewer header but `Host` (so a JWT reaches
 * the authorizer), to the HTTP API — the dashboard calls the API on its own origin, as in local
 * mode. CloudFront and the bucket write access logs to a log bucket that expires them.
 *
 * `BucketDeployment` would grant its copying function `s3:GetObject*`-style wildcard actions
 * and the AWS-managed basic execution policy; it gets a role of ours instead, passed without
 * policy updates, that may read only this dashboard's asset, write only this bucket and log only
 * to its own log group.
 *
 * Approval links do not go through here: they point at the API itself, whose access log leaves
 * out the path (the link secret), where CloudFront's log would not.
 *
 * @example
 * ```ts
 * const site = new DashboardSite(this, 'Dashboard', { webRoot: WEB_ROOT, apiId: api.api.apiId });
 * new CfnOutput(this, 'DashboardUrl', { value: site.url });
 * ```
 */
export class DashboardSite extends Construct {
  public readonly bucket: Bucket;
  public readonly logBucket: Bucket;
  public readonly distribution: Distribution;
  public readonly deployment: BucketDeployment;
  /** The role `BucketDeployment`'s function copies the files with. */
  public readonly deploymentRole: Role;
  /** `https://<distribution domain>/`. */
  public readonly url: string;

  public constructor(scope: Construct, id: string, props: DashboardSiteProps) {
    super(scope, id);
    const expiration = props.accessLogRetention ?? Duration.days(90);
    this.logBucket = new Bucket(this, 'Logs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront's standard logs are delivered with an ACL grant, which needs ACLs enabled.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration }],
    });
    this.bucket = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3/',
    });

    const headers = new ResponseHeadersPolicy(this, 'Headers', {
      comment: 'Upkeep dashboard: the headers local mode sends',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: DASHBOARD_CSP, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
    });
    const stack = Stack.of(this);
    const api = new HttpOrigin(`${props.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Upkeep dashboard',
      defaultRootObject: 'index.html',
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
      },
      additionalBehaviors: {
        [DASHBOARD_API_PATH]: {
          origin: api,
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          // With caching off, CloudFront forwards Authorization too; Host must stay the API's own.
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        },
      },
    });

    const files = new Asset(this, 'Web', { path: props.webRoot, exclude: ['.*', '*.ts', '*.map'] });
    const role = new Role(this, 'DeployRole', { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description: 'Upkeep: copies the dashboard files into their bucket' });
    const logGroup = new LogGroup(this, 'DeployLogs', { retention: props.logRetention ?? RetentionDays.THREE_MONTHS });
    logGroup.grantWrite(role);
    role.addToPolicy(new PolicyStatement({ sid: 'ReadDashboardAsset', actions: ['s3:GetObject'], resources: [`${files.bucket.bucketArn}/${files.s3ObjectKey}`] }));
    // `aws s3 sync --delete`: list the bucket, upload new and changed files, delete the stale ones.
    role.addToPolicy(new PolicyStatement({ sid: 'ListDashboardFiles', actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }));
    role.addToPolicy(new PolicyStatement({ sid: 'WriteDashboardFiles', actions: ['s3:PutObject', 's3:DeleteObject'], resources: [this.bucket.arnForObjects('*')] }));
    this.deploymentRole = role;

    // `no-cache` as local mode sends it: a new deploy is visible at once, with no invalidation to grant.
    this.deployment = new BucketDeployment(this, 'Deploy', {
      sources: [Source.bucket(files.bucket, files.s3ObjectKey)],
      destinationBucket: this.bucket,
      cacheControl: [CacheControl.noCache()],
      memoryLimit: 256,
      role: role.withoutPolicyUpdates(),
      logGroup,
    });
    this.url = `https://${this.distribution.distributionDomainName}/`;
  }
}
