import { describe, expect, it } from 'vitest';
import { LOCAL_OPERATOR, authorize, roleOf } from '../../../../functions/app/api/access.js';
import { ForbiddenError, UnauthorizedError } from '../../../../functions/core/errors.js';

const config = { approvers: [{ email: 'Ana@Example.com', role: 'approver' as const }, { email: 'vic@example.com', role: 'viewer' as const }, { email: 'root@example.com', role: 'admin' as const }] };

describe('Function: authorize', () => {
  it('reads the role from approvers, case-insensitively; IAM principals and the local operator are admins', () => {
    expect(roleOf(config, 'ana@example.com')).toBe('approver');
    expect(roleOf(config, 'arn:aws:iam::123456789012:user/ops')).toBe('admin');
    expect(roleOf(config, LOCAL_OPERATOR)).toBe('admin');
    expect(roleOf(config, 'eve@example.com')).toBeUndefined();
  });

  it('lets a higher role through and stops a lower one with the role it needs', () => {
    expect(authorize(config, 'root@example.com', 'approver')).toBe('admin');
    expect(() => authorize(config, 'vic@example.com', 'approver')).toThrow(ForbiddenError);
    expect(() => authorize(config, 'vic@example.com', 'admin')).toThrow(/needs the admin role/);
    expect(() => authorize(config, 'eve@example.com', 'viewer')).toThrow(/not in the approvers list/);
    expect(() => authorize(config, undefined, 'viewer')).toThrow(UnauthorizedError);
  });
});
