import { GetScheduleCommand, SchedulerClient, UpdateScheduleCommand } from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SchedulerDetectionControl } from '../../../../functions/adapters/aws/scheduler-detection-control.js';
import { startDynalitePeer, type DynamoPeer } from '../../../support/dynamo-peer.js';

const TARGET = { Arn: 'arn:aws:lambda:eu-west-1:123456789012:function:upkeep-detect', RoleArn: 'arn:aws:iam::123456789012:role/invoke', Input: '{"shard":0,"shards":2}' };

describe('Class: SchedulerDetectionControl', () => {
  let peer: DynamoPeer | undefined;
  const scheduler = mockClient(SchedulerClient);

  beforeAll(async () => {
    peer = await startDynalitePeer();
  });
  afterAll(async () => {
    await peer?.close();
  });
  beforeEach(() => {
    scheduler.reset();
  });

  async function control(): Promise<SchedulerDetectionControl> {
    return new SchedulerDetectionControl({
      scheduleNames: ['upkeep-detect-0', 'upkeep-detect-1'], groupName: 'upkeep-detection',
      table: { tableName: await (peer as DynamoPeer).newTable(), client: (peer as DynamoPeer).client },
      client: new SchedulerClient({ region: 'eu-west-1' }),
    });
  }

  describe('Method: setEnabled', () => {
    it('disables every schedule, sending back its whole definition, and notes who did it', async () => {
      // Prepare
      scheduler.on(GetScheduleCommand).callsFake((input: { Name: string }) => ({
        Name: input.Name, GroupName: 'upkeep-detection', ScheduleExpression: 'rate(5 minutes)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: TARGET, State: 'ENABLED',
      }));
      scheduler.on(UpdateScheduleCommand).resolves({ ScheduleArn: 'arn' });
      const detection = await control();

      // Act
      const state = await detection.setEnabled(false, 'ops@example.com', '2025-01-15T12:00:00.000Z');

      // Assess
      const updates = scheduler.commandCalls(UpdateScheduleCommand).map((c) => c.args[0].input);
      expect(updates).toEqual(['upkeep-detect-0', 'upkeep-detect-1'].map((Name) => expect.objectContaining({
        Name, GroupName: 'upkeep-detection', ScheduleExpression: 'rate(5 minutes)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: TARGET, State: 'DISABLED',
      }) as unknown));
      expect(state).toMatchObject({ enabled: false, changedBy: 'ops@example.com', changedAt: '2025-01-15T12:00:00.000Z', schedules: ['upkeep-detect-0', 'upkeep-detect-1'] });
    });

    it('leaves schedules already in the wanted state alone', async () => {
      // Prepare
      scheduler.on(GetScheduleCommand).resolves({ Name: 'x', ScheduleExpression: 'rate(5 minutes)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: TARGET, State: 'ENABLED' });
      const detection = await control();

      // Act
      const state = await detection.setEnabled(true, 'ops@example.com', '2025-01-15T12:00:00.000Z');

      // Assess
      expect(scheduler.commandCalls(UpdateScheduleCommand)).toHaveLength(0);
      expect(state.enabled).toBe(true);
    });
  });

  describe('Method: status', () => {
    it('is enabled only when every schedule is, and reports the last run', async () => {
      // Prepare
      scheduler.on(GetScheduleCommand, { Name: 'upkeep-detect-0' }).resolves({ State: 'ENABLED' });
      scheduler.on(GetScheduleCommand, { Name: 'upkeep-detect-1' }).resolves({ State: 'DISABLED' });
      const detection = await control();
      await detection.recordRun('2025-01-15T11:00:00.000Z');

      // Act
      const state = await detection.status();

      // Assess
      expect(state).toMatchObject({ enabled: false, lastRunAt: '2025-01-15T11:00:00.000Z' });
    });

    it('says which variable is missing when no schedule is configured', async () => {
      // Prepare
      const detection = new SchedulerDetectionControl({ scheduleNames: [], table: { tableName: 't', client: (peer as DynamoPeer).client } });

      // Act + Assess
      await expect(detection.status()).rejects.toThrow(/UPKEEP_DETECTION_SCHEDULES/);
    });
  });
});
