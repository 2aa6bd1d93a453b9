import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { toAwsUpkeepError } from './aws-errors.js';

/** An alarm as the deployer reports it. */
export interface AlarmState {
  readonly name: string;
  readonly state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA' | 'MISSING';
  readonly reason: string;
}

/** `DescribeAlarms` takes at most 100 names a call. */
const MAX_NAMES = 100;

/**
 * Reads the state of CloudWatch alarms by name, metric and composite alike (`DescribeAlarms`
 * returns only metric alarms unless asked). A name CloudWatch does not know comes back as
 * `MISSING`, so a health check never passes on an alarm that is not there.
 *
 * @example
 * ```ts
 * const states = await describeAlarms(cloudWatch, ['upkeep-api-errors']);
 * ```
 */
export async function describeAlarms(client: CloudWatchClient, names: readonly string[]): Promise<AlarmState[]> {
  const unique = [...new Set(names)];
  const found = new Map<string, AlarmState>();
  for (let i = 0; i < unique.length; i += MAX_NAMES) {
    const page = unique.slice(i, i + MAX_NAMES);
    let nextToken: string | undefined;
    do {
      try {
        const out = await client.send(
          new DescribeAlarmsCommand({ AlarmNames: page, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], ...(nextToken === undefined ? {} : { NextToken: nextToken }) }),
        );
        for (const alarm of [...(out.MetricAlarms ?? []), ...(out.CompositeAlarms ?? [])]) {
          if (alarm.AlarmName === undefined) continue;
          found.set(alarm.AlarmName, { name: alarm.AlarmName, state: alarm.StateValue ?? 'INSUFFICIENT_DATA', reason: alarm.StateReason ?? '' });
        }
        nextToken = out.NextToken;
      } catch (error) {
        throw toAwsUpkeepError(error, `read alarms ${page.join(', ')}`, 'CloudWatch');
      }
    } while (nextToken !== undefined && nextToken !== '');
  }
  return unique.map((name) => found.get(name) ?? { name, state: 'MISSING', reason: `alarm ${name} does not exist in CloudWatch; create it (the stack names alarms upkeep-<component>-<alarm>) or remove it from the configuration` });
}
