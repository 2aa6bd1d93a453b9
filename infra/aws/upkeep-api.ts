import { Stack } from 'aws-cdk-lib';
import {
  HttpApi, HttpMethod, HttpNoneAuthorizer, HttpStage, LogGroupLogDestination, type HttpRoute, type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer, HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Route } from '../../functions/handlers/routes.js';
import { pascal } from './handler-catalog.js';
import type { ApiAuth } from './stack-config.js';

/**
 * One JSON line per request, in HTTP API's `$context` variables. No path: an approval page's
 * path is its link secret, which must not reach a log.
 */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  time: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  caller: '$context.identity.userArn',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
};

/** Properties of {@link UpkeepApi}. */
export interface UpkeepApiProps {
  readonly auth: ApiAuth;
  readonly logRetention: RetentionDays;
  /**
   * Steady-state requests per second across the API.
   * @default 50
   */
  readonly rateLimit?: number;
  /**
   * Burst of requests the API accepts above the rate.
   * @default 100
   */
  readonly burstLimit?: number;
}

/**
 * The HTTP API (API Gateway v2) serving `functions/handlers/routes.ts`: one Lambda integration
 * per handler, IAM (SigV4) authorization on the `token` routes — or a JWT authorizer when CDK
 * context `upkeep:api-auth` names an issuer — and none on the `link` routes, which the
 * single-use approval link itself protects (GET only shows the page; the form's POST decides),
 * nor on the `signature` routes (webhooks), which the handler verifies against the sender's secret.
 * JSON access logs and stage throttling on the `$default` stage.
 *
 * @example
 * ```ts
 * const api = new UpkeepApi(this, 'Api', { auth: { type: 'iam' }, logRetention });
 * api.serve(ROUTES, { 'api-status': statusFunction, … });
 * ```
 */
export class UpkeepApi extends Construct {
  public readonly api: HttpApi;
  public readonly stage: HttpStage;
  /** The API's base URL, without a trailing `/`. */
  public readonly url: string;
  /** Routes without an API authorizer: the handler authenticates them (link secret, webhook signature). */
  public readonly publicRoutes: HttpRoute[] = [];
  readonly #authorizer: IHttpRouteAuthorizer;

  public constructor(scope: Construct, id: string, props: UpkeepApiProps) {
    super(scope, id);
    this.#authorizer = props.auth.type === 'jwt'
      ? new HttpJwtAuthorizer('Jwt', props.auth.issuer, { jwtAudience: [...props.auth.audience] })
      : new HttpIamAuthorizer();

    this.api = new HttpApi(this, 'Api', { description: 'Upkeep: status, workflows, approvals', createDefaultStage: false });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit ?? 50, burstLimit: props.burstLimit ?? 100 },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)) },
    });
    this.url = `https://${this.api.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;
  }

  /**
   * Adds the routes, each integrated with the function serving its handler module. Separate from
   * construction because the functions need {@link url} first.
   */
  public serve(routes: readonly Route[], handlers: Readonly<Record<string, IFunction>>): void {
    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const route of routes) {
      const fn = handlers[route.handler];
      if (fn === undefined) throw new Error(`route ${route.method} ${route.path} names handler ${route.handler}, which the stack does not deploy`);
      let integration = integrations.get(route.handler);
      if (integration === undefined) {
        integration = new HttpLambdaIntegration(`${pascal(route.handler)}Integration`, fn);
        integrations.set(route.handler, integration);
      }
      const added = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        // `link` and `signature` routes authenticate in the handler (the link secret, the sender's signature).
        authorizer: route.auth === 'token' ? this.#authorizer : new HttpNoneAuthorizer(),
      });
      if (route.auth !== 'token') this.publicRoutes.push(...added);
    }
  }
}
