import { describe, expect, it } from 'vitest';
import { compareSortKeys, listingScope, workflowSortKey } from '../../../functions/core/workflow-listing.js';

const wf = { id: 'wf-1', createdAt: '2025-05-01T10:00:00Z', updatedAt: '2025-05-01T12:00:00+02:00' };

describe('Module: workflow listing order', () => {
  describe('Function: workflowSortKey', () => {
    it('keys recent and stage listings by updatedAt and component listings by createdAt, as toISOString writes them', () => {
      expect(workflowSortKey({ by: 'recent' }, wf)).toBe('2025-05-01T10:00:00.000Z#wf-1');
      expect(workflowSortKey({ by: 'stage', stage: 'DEPLOYING' }, wf)).toBe('2025-05-01T10:00:00.000Z#wf-1');
      expect(workflowSortKey({ by: 'component', component: 'api' }, { ...wf, createdAt: '2025-05-01T09:00:00.5Z' })).toBe('2025-05-01T09:00:00.500Z#wf-1');
    });

    it('keeps an unreadable instant as written instead of throwing', () => {
      expect(workflowSortKey({ by: 'recent' }, { ...wf, updatedAt: 'yesterday' })).toBe('yesterday#wf-1');
    });
  });

  describe('Function: compareSortKeys', () => {
    it('orders as DynamoDB does: by code point, a prefix first', () => {
      const keys = ['b', 'a\u{1F600}', 'a\uFF21', 'ab', 'a', 'b'];

      const sorted = [...keys].sort(compareSortKeys);

      // UTF-16 order would put the emoji (a surrogate pair) before U+FF21; code point order puts it after.
      expect(sorted).toEqual(['a', 'ab', 'a\uFF21', 'a\u{1F600}', 'b', 'b']);
      expect(compareSortKeys('2025#x', '2025#x')).toBe(0);
    });
  });

  describe('Function: listingScope', () => {
    it('names each listing', () => {
      expect([listingScope({ by: 'recent' }), listingScope({ by: 'stage', stage: 'FAILED' }), listingScope({ by: 'component', component: 'api' })])
        .toEqual(['recent', 'stage:FAILED', 'component:api']);
    });
  });
});
