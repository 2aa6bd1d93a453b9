import { describe, expect, it } from 'vitest';
import { lines, minimal, valid, withComponent } from './helpers.js';

const approvers = [{ email: 'alice@x.io', role: 'admin', name: 'Alice' }, { email: 'bob@x.io' }, { email: 'vic@x.io', role: 'viewer' }];

describe('Schema: approvers and approval rules', () => {
  it('defaults the role to approver', () => {
    expect(valid({ ...minimal(), approvers }).approvers[1]).toEqual({ email: 'bob@x.io', role: 'approver' });
  });

  it('accepts component overrides that name deciding approvers', () => {
    const config = valid({ ...withComponent({ approval: { approvers: ['ALICE@x.io', 'bob@x.io'], requiredApprovals: 2, deadline: '2h', reminderBefore: '30m' } }), approvers });

    expect(config.components[0]?.approval).toEqual({ approvers: ['ALICE@x.io', 'bob@x.io'], requiredApprovals: 2, deadline: '2h', reminderBefore: '30m' });
  });

  it('keeps deadlines bounded and reminders inside them', () => {
    expect(lines({ ...minimal(), approval: { deadline: '30d', reminderBefore: '1h', onExpiry: 'ignore' } })).toEqual([
      'approval.deadline: `deadline` must be between 5m and 14d (an approval must not wait for ever)',
      'approval.onExpiry: `onExpiry` must be one of "reject", "defer"',
    ]);
    expect(lines({ ...minimal(), approval: { deadline: '1h', reminderBefore: '2h' } })).toEqual([
      'approval.reminderBefore: `reminderBefore` must be shorter than deadline, or the reminder would come after the approval expired',
    ]);
    expect(lines(withComponent({ approval: { reminderBefore: '3h', deadline: '2h' } }))).toHaveLength(1);
    expect(lines({ ...minimal(), approval: { reminderBefore: '30s' } })).toEqual(['approval.reminderBefore: `reminderBefore` must be at least 1m']);
  });

  it('refuses a bad e-mail and an empty approver list', () => {
    expect(lines({ ...withComponent({ approval: { approvers: [] } }), approvers: [{ email: 'alice' }] })).toEqual([
      'components[0].approval.approvers: `approvers` must name at least one approver, or be left out',
      'approvers[0].email: `email` must be an e-mail address such as "alice@example.com"',
    ]);
  });

  it('checks the required approvals against who may decide', () => {
    expect(lines({ ...minimal(), approvers, approval: { requiredApprovals: 3 } })).toEqual([
      'approval.requiredApprovals: `requiredApprovals` must not exceed the 2 approver(s) who may decide (role approver or admin); add approvers or lower it',
    ]);
    expect(lines({ ...withComponent({ approval: { approvers: ['bob@x.io'], requiredApprovals: 2 } }), approvers })).toEqual([
      'components[0].approval.requiredApprovals: `requiredApprovals` must not exceed the 1 approver(s) who may decide (role approver or admin); add approvers or lower it',
    ]);
    expect(lines({ ...minimal(), approval: { requiredApprovals: 2 } })).toHaveLength(1);
    // With no approvers at all, the default of one is a detection-only setup, not an error.
    expect(valid(minimal()).approvers).toEqual([]);
  });

  it('refuses an override naming a viewer or a stranger', () => {
    expect(lines({ ...withComponent({ approval: { approvers: ['vic@x.io', 'eve@x.io'] } }), approvers })).toEqual([
      'components[0].approval.approvers[0]: `approvers[0]` must be the e-mail of an approver declared under approvers with role approver or admin ("alice@x.io", "bob@x.io")',
      'components[0].approval.approvers[1]: `approvers[1]` must be the e-mail of an approver declared under approvers with role approver or admin ("alice@x.io", "bob@x.io")',
    ]);
  });
});
