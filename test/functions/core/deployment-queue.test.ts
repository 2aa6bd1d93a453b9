import { describe, expect, it } from 'vitest';
import { decideClaim, releaseSlot, type QueueEntry } from '../../../functions/core/deployment-queue.js';
import { compareVersions } from '../../../functions/core/versions/index.js';

const compare = (a: string, b: string) => compareVersions(a, b, 'semver');
const entry = (workflowId: string, version: string): QueueEntry => ({ workflowId, version, since: '2025-03-03T10:00:00.000Z' });
const a = entry('wf-a', '1.1.0');
const b = entry('wf-b', '1.2.0');
const c = entry('wf-c', '1.3.0');

describe('Function: decideClaim', () => {
  it('gives a free slot to the claimant', () => {
    const outcome = decideClaim({ slot: {}, claimant: a, current: '1.0.0', compare, ended: [] });

    expect(outcome).toMatchObject({ result: 'ACQUIRED', slot: { holder: a }, changed: true, reason: 'the deployment slot was free' });
  });

  it('lets the holder claim again without changing anything (a retried step)', () => {
    const outcome = decideClaim({ slot: { holder: a, next: b }, claimant: a, current: '1.0.0', compare, ended: [] });

    expect(outcome).toEqual({ result: 'ACQUIRED', slot: { holder: a, next: b }, changed: false, reason: 'already holds the deployment slot' });
  });

  it('queues a newer version behind the holder', () => {
    const outcome = decideClaim({ slot: { holder: a }, claimant: b, current: '1.0.0', compare, ended: [] });

    expect(outcome).toMatchObject({ result: 'WAITING', behind: a, slot: { holder: a, next: b }, changed: true });
    expect(outcome.reason).toBe('waiting for 1.1.0 (workflow wf-a) to finish its rollout');
  });

  it('keeps a waiter waiting without a write when it polls again', () => {
    const outcome = decideClaim({ slot: { holder: a, next: b }, claimant: b, current: '1.0.0', compare, ended: [] });

    expect(outcome).toMatchObject({ result: 'WAITING', changed: false });
  });

  it('replaces an older waiter with a newer one, naming the one it supersedes', () => {
    const outcome = decideClaim({ slot: { holder: a, next: b }, claimant: c, current: '1.0.0', compare, ended: [] });

    expect(outcome).toMatchObject({ result: 'WAITING', slot: { holder: a, next: c }, changed: true });
    expect(outcome.reason).toMatch(/; 1\.2\.0 is superseded$/);
  });

  it('supersedes an older waiter when it polls after a newer one queued', () => {
    const outcome = decideClaim({ slot: { holder: a, next: c }, claimant: b, current: '1.0.0', compare, ended: [] });

    expect(outcome).toMatchObject({ result: 'SUPERSEDED', by: '1.3.0', slot: { holder: a, next: c }, changed: false });
    expect(outcome.reason).toBe('superseded by 1.3.0 (workflow wf-c)');
  });

  it('supersedes a claimant older than the version rolling out, and takes it off the queue', () => {
    const outcome = decideClaim({ slot: { holder: c, next: b }, claimant: b, current: '1.0.0', compare, ended: [] });

    expect(outcome).toMatchObject({ result: 'SUPERSEDED', by: '1.3.0', slot: { holder: c }, changed: true });
  });

  it('names the newest of holder and waiter when both are newer', () => {
    const outcome = decideClaim({ slot: { holder: b, next: c }, claimant: a, current: '1.0.0', compare, ended: [] });

    expect(outcome).toMatchObject({ result: 'SUPERSEDED', by: '1.3.0' });
  });

  it('supersedes a claimant at or below the running version', () => {
    const outcome = decideClaim({ slot: {}, claimant: b, current: '1.2.0', compare, ended: [] });

    expect(outcome).toMatchObject({ result: 'SUPERSEDED', by: '1.2.0', changed: false, reason: 'superseded by 1.2.0, which is already running' });
  });

  it('takes the slot from a holder whose workflow ended without releasing it', () => {
    const outcome = decideClaim({ slot: { holder: a }, claimant: b, current: '1.0.0', compare, ended: ['wf-a'] });

    expect(outcome).toMatchObject({ result: 'ACQUIRED', slot: { holder: b }, changed: true });
  });

  it('is not superseded by a newer waiter whose workflow ended', () => {
    const outcome = decideClaim({ slot: { next: c }, claimant: b, current: '1.0.0', compare, ended: ['wf-c'] });

    expect(outcome).toMatchObject({ result: 'ACQUIRED', slot: { holder: b }, changed: true });
  });

  it('moves the waiter into a freed slot', () => {
    const outcome = decideClaim({ slot: { next: b }, claimant: b, current: '1.0.0', compare, ended: [] });

    expect(outcome).toMatchObject({ result: 'ACQUIRED', slot: { holder: b }, changed: true });
    expect(outcome.slot.next).toBeUndefined();
  });

  it('never treats the claimant itself as ended', () => {
    const outcome = decideClaim({ slot: { holder: a }, claimant: a, current: '1.0.0', compare, ended: ['wf-a'] });

    expect(outcome).toMatchObject({ result: 'ACQUIRED', changed: false });
  });
});

describe('Function: releaseSlot', () => {
  it('frees the slot its holder held', () => {
    expect(releaseSlot({ holder: a, next: b }, 'wf-a')).toEqual({ slot: { next: b }, changed: true });
  });

  it('takes a waiter off the queue', () => {
    expect(releaseSlot({ holder: a, next: b }, 'wf-b')).toEqual({ slot: { holder: a }, changed: true });
  });

  it('changes nothing for a workflow that is not in the queue', () => {
    expect(releaseSlot({ holder: a }, 'wf-z')).toEqual({ slot: { holder: a }, changed: false });
  });
});
