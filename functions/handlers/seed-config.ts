import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { seedFromConfig } from '../app/seed-from-config.js';
import { appDeps } from './deps.js';
import { logger } from './shared/logger.js';

/** The one seeding resource per stack; its id never changes, so an update never replaces it. */
const PHYSICAL_ID = 'upkeep-config-seed';

/**
 * The CloudFormation custom resource that brings the table in line with the deployed
 * `upkeep.yaml` (components and policies) on Create and Update; Delete leaves the data alone.
 * It answers CloudFormation itself (PUT to the pre-signed `ResponseURL`), FAILED with the
 * reason when seeding throws, so a deploy never waits out CloudFormation's timeout.
 */
export async function handler(event: CloudFormationCustomResourceEvent, context: Context): Promise<void> {
  logger.addContext(context);
  let body: { Status: 'SUCCESS' | 'FAILED'; Reason?: string; Data?: Record<string, number> };
  try {
    if (event.RequestType === 'Delete') {
      body = { Status: 'SUCCESS' };
    } else {
      const report = await seedFromConfig(await appDeps());
      logger.info('seeded the table from upkeep.yaml', { report });
      const counts: Record<string, number> = {};
      for (const [key, names] of Object.entries(report) as [string, readonly string[]][]) counts[key] = names.length;
      body = { Status: 'SUCCESS', Data: counts };
    }
  } catch (error) {
    logger.error('seeding from upkeep.yaml failed', { error: error instanceof Error ? { name: error.name, message: error.message } : String(error) });
    body = { Status: 'FAILED', Reason: `${error instanceof Error ? error.message : String(error)} (log stream ${context.logStreamName})`.slice(0, 1000) };
  }
  const response = await fetch(event.ResponseURL, {
    method: 'PUT',
    // The pre-signed URL is signed without a content type.
    headers: { 'content-type': '' },
    body: JSON.stringify({
      ...body,
      PhysicalResourceId: PHYSICAL_ID,
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
    }),
  });
  if (!response.ok) throw new Error(`CloudFormation did not take the ${body.Status} response: HTTP ${response.status}`);
}
