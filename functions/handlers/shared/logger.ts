import { Logger } from '@aws-lambda-powertools/logger';

/** One logger per execution environment; every line carries the step or route, never the event. */
export const logger = new Logger({ serviceName: 'upkeep' });
