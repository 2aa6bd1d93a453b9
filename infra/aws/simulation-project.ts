import { Annotations, Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { CfnProject} from 'aws-cdk-lib/aws-codebuild';
import {
  BuildEnvironmentVariableType, BuildSpec, ComputeType, LinuxBuildImage, Project, ReportGroup, ReportGroupType, Source,
  type BuildEnvironmentVariable, type ISource,
} from 'aws-cdk-lib/aws-codebuild';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { simulationProjectName } from '../../functions/constants.js';
import type { ComponentConfig, SimulationConfig } from '../../functions/core/config/schema.js';
import { parseDuration } from '../../functions/core/duration.js';
import { pascal } from './handler-catalog.js';

/** Properties of {@link SimulationProject}. */
export interface SimulationProjectProps {
  /** A component that has a `simulation` section. */
  readonly component: ComponentConfig & { readonly simulation: SimulationConfig };
  /** Encrypts build output, logs in S3 and report exports. */
  readonly encryptionKey: IKey;
  readonly logRetention: RetentionDays;
}

const GITHUB = /^https:\/\/github\.com\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/;

/** The CodeBuild source for a component: its GitHub repository when it has one, else none. */
function sourceOf(component: ComponentConfig): ISource | undefined {
  if (component.source.type !== 'git') return undefined;
  const match = GITHUB.exec(component.source.url);
  return match === null ? undefined : Source.gitHub({ owner: match[1] as string, repo: match[2], cloneDepth: 0, reportBuildStatus: false });
}

/** A project without a source must have a buildspec of its own; this one says what to fix. */
function noSourceBuildspec(component: string, path: string): BuildSpec {
  const message = `upkeep: ${component} names buildspec "${path}" in its repository, but this CodeBuild project has no source to read it from; use an inline buildspec in upkeep.yaml that checks the code out`;
  return BuildSpec.fromObject({ version: '0.2', phases: { build: { commands: [`echo '${message.replace(/'/g, '')}'`, 'exit 1'] } } });
}

/**
 * The CodeBuild project that tries a candidate of one component in isolation:
 * `upkeep-sim-<component>` (the name the state machine's "Simulate" state and the
 * `CodeBuildRunner` derive), a JUnit report group per configured suite named
 * `upkeep-sim-<component>-<suite>` (CodeBuild files a buildspec report called `<suite>` there),
 * the component's time limit, its plain and Secrets Manager variables, a KMS key, and no
 * privileged mode.
 *
 * Source: CodeBuild can only clone repositories it has a source type for, so a git source on
 * github.com becomes a GitHub source (connect CodeBuild to GitHub once per account). Every other
 * component gets `NO_SOURCE`: its buildspec must be inline and clone what it tests itself
 * (`git clone "$UPKEEP_SOURCE_URL"`, checking out `$UPKEEP_CANDIDATE_VERSION`). A buildspec
 * given as a path with no source to read it from is reported at synth and fails its builds with
 * that reason. The state machine passes the configured buildspec as `buildspecOverride`, so the
 * project's own buildspec is only the fallback.
 *
 * @example
 * ```ts
 * const { project } = new SimulationProject(this, 'BillingApi', { component, encryptionKey, logRetention });
 * ```
 */
export class SimulationProject extends Construct {
  public readonly project: Project;
  public readonly reportGroups: readonly ReportGroup[];
  /** True when the build runs the component's own image rather than a CodeBuild one. */
  public readonly customImage: boolean;

  public constructor(scope: Construct, id: string, props: SimulationProjectProps) {
    super(scope, id);
    const { component, encryptionKey } = props;
    const simulation = component.simulation;
    const projectName = simulationProjectName(component.name);
    const source = sourceOf(component);
    const spec = simulation.buildspec;
    this.customImage = simulation.image !== undefined;

    let buildSpec: BuildSpec;
    if (typeof spec !== 'string') buildSpec = BuildSpec.fromObject(spec);
    else if (source !== undefined) buildSpec = BuildSpec.fromSourceFilename(spec);
    else {
      buildSpec = noSourceBuildspec(component.name, spec);
      Annotations.of(this).addWarningV2(
        'upkeep:simulation-buildspec-without-source',
        `${component.name}: simulation.buildspec "${spec}" is a path, but CodeBuild has no source for a ${component.source.type} component; its simulations will fail until the buildspec is inline (and clones the code) or the source is a github.com repository`,
      );
    }

    const variables: Record<string, BuildEnvironmentVariable> = {
      ...Object.fromEntries(Object.entries(simulation.environment).map(([name, value]) => [name, { value }])),
      ...Object.fromEntries(Object.entries(simulation.secrets).map(([name, secret]) => [name, { value: secret, type: BuildEnvironmentVariableType.SECRETS_MANAGER }])),
      ...(component.source.type === 'git' ? { UPKEEP_SOURCE_URL: { value: component.source.url } } : {}),
    };

    this.project = new Project(this, 'Project', {
      projectName,
      description: `Upkeep simulation of ${component.name}: tests and benchmark of a candidate version`,
      ...(source === undefined ? {} : { source }),
      buildSpec,
      environment: {
        buildImage: simulation.image === undefined ? LinuxBuildImage.STANDARD_7_0 : LinuxBuildImage.fromDockerRegistry(simulation.image),
        computeType: ComputeType.SMALL,
        privileged: false,
      },
      environmentVariables: variables,
      timeout: Duration.seconds(parseDuration(simulation.timeout) ?? 1_800),
      queuedTimeout: Duration.hours(1),
      logging: { cloudWatch: { logGroup: new LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY }) } },
    });

    // The key is set on the resource and granted by hand: the L2's grant adds kms:ReEncrypt* and kms:GenerateDataKey*.
    (this.project.node.defaultChild as CfnProject).encryptionKey = encryptionKey.keyArn;
    this.project.addToRolePolicy(new PolicyStatement({ sid: 'UseBuildKey', actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], resources: [encryptionKey.keyArn] }));

    this.reportGroups = simulation.suites.map((suite) => {
      const group = new ReportGroup(this, `${pascal(suite)}Reports`, {
        reportGroupName: `${projectName}-${suite}`,
        type: ReportGroupType.TEST,
        removalPolicy: RemovalPolicy.DESTROY,
        deleteReports: true,
      });
      group.grantWrite(this.project);
      return group;
    });
  }
}
