import {
  DynamoDBClient, InternalServerError, ProvisionedThroughputExceededException, ResourceNotFoundException, ThrottlingException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { toUpkeepError } from '../../../../functions/adapters/aws/dynamo-errors.js';
import { DynamoWorkflowStore } from '../../../../functions/adapters/aws/dynamo-workflow-store.js';
import { ConflictError, TransientError, UpkeepError } from '../../../../functions/core/errors.js';
import { aNewWorkflow } from '../../../support/store-fixtures.js';

// Only what a local peer cannot produce: throttling, server faults, a missing table in AWS,
// network failures. Everything else is covered by the contract against dynalite and DynamoDB Local.
const $metadata = {};
const documentClient = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
);
const dynamo = mockClient(documentClient);
const store = new DynamoWorkflowStore({ tableName: 'upkeep-test', client: documentClient });

describe('Class: DynamoWorkflowStore (SDK edge cases)', () => {
  afterEach(() => {
    dynamo.reset();
  });

  it('reports throttling that outlasted the SDK retries as a TransientError', async () => {
    // Prepare
    dynamo.on(GetCommand).rejects(new ProvisionedThroughputExceededException({ message: 'Rate of requests exceeds the allowed throughput', $metadata }));

    // Act
    const read = store.get('wf-1');

    // Assess
    await expect(read).rejects.toBeInstanceOf(TransientError);
    await expect(read).rejects.toMatchObject({ name: 'TransientError', context: { awsError: 'ProvisionedThroughputExceededException', table: 'upkeep-test' } });
  });

  it('does not take a throttled claim for a duplicate: it fails as TransientError and reads nothing', async () => {
    // Prepare
    dynamo.on(PutCommand).rejects(new ThrottlingException({ message: 'Throughput exceeds the current capacity', $metadata }));

    // Act
    const create = store.create(aNewWorkflow());

    // Assess
    await expect(create).rejects.toBeInstanceOf(TransientError);
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('reports a server fault during a listing as a TransientError', async () => {
    // Prepare
    dynamo.on(QueryCommand).rejects(new InternalServerError({ message: 'Internal server error', $metadata }));

    // Act + Assess
    await expect(store.listRecent()).rejects.toBeInstanceOf(TransientError);
  });

  it('names the missing table instead of retrying forever', async () => {
    // Prepare
    dynamo.on(GetCommand).rejects(new ResourceNotFoundException({ message: 'Requested resource not found', $metadata }));

    // Act
    const read = store.get('wf-1');

    // Assess
    await expect(read).rejects.toThrow(/table upkeep-test does not exist/);
    await expect(read).rejects.not.toBeInstanceOf(TransientError);
  });
});

describe('Function: toUpkeepError', () => {
  it('maps a network failure to TransientError', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' });
    expect(toUpkeepError(refused, 'get workflow wf-1')).toBeInstanceOf(TransientError);
  });

  it('maps a failed condition to ConflictError and keeps the SDK error as cause', () => {
    const failed = Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
    const mapped = toUpkeepError(failed, 'update workflow wf-1');
    expect(mapped).toBeInstanceOf(ConflictError);
    expect(mapped.cause).toBe(failed);
  });

  it('keeps an unknown client error as a plain UpkeepError', () => {
    const invalid = Object.assign(new Error('One or more parameter values were invalid'), { name: 'ValidationException', $fault: 'client' });
    const mapped = toUpkeepError(invalid, 'put workflow wf-1');
    expect(mapped.constructor).toBe(UpkeepError);
    expect(mapped.message).toContain('ValidationException');
  });

  it('passes an UpkeepError through unchanged', () => {
    const original = new ConflictError('already decided');
    expect(toUpkeepError(original, 'anything')).toBe(original);
  });
});
