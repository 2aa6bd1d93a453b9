import { describe, expect, it } from 'vitest';
import { renderApprovalEmail } from '../../../../functions/app/emails/approval-email.js';
import { renderReminderEmail } from '../../../../functions/app/emails/reminder-email.js';
import type { WorkflowRecord } from '../../../../functions/core/workflow-types.js';
import { aNewWorkflow } from '../../../support/store-fixtures.js';
import { aSimulation, anEvaluation } from '../app-fixtures.js';

const URL = 'https://upkeep.example.test/approvals/Zm9vYmFyYmF6cXV4';
const DEADLINE = '2025-01-16T12:00:00.000Z';

function reviewed(): WorkflowRecord {
  return {
    ...aNewWorkflow({ evaluation: anEvaluation(), simulation: aSimulation(), release: { version: '1.5.0', changelog: 'Adds <script>alert(1)</script> export.\nFixes a leak.' } }),
    rev: 3,
  };
}

describe('Function: renderApprovalEmail', () => {
  it('reads as plain text: subject, the facts one per line, the changelog, the policy trace and the link', () => {
    // Act
    const email = renderApprovalEmail(reviewed(), { url: URL, deadline: DEADLINE, required: 2 });

    // Assess
    expect(email.subject).toBe('[Upkeep] Approve api 1.4.0 → 1.5.0? (HIGH risk)');
    const lines = email.text.split('\n');
    expect(lines[0]).toBe('api 1.5.0 is waiting for your decision.');
    expect(lines).toEqual(expect.arrayContaining([
      'Component: api', 'Change: 1.4.0 → 1.5.0', 'Risk: HIGH (score 50): major +30 (a major update)',
      `Decide by: ${DEADLINE} (2 approvals needed)`, 'Changelog:', 'Policy trace:', '→ review_major_updates: update_type is major', `Review and decide: ${URL}`,
    ]));
    expect(lines.some((l) => l.startsWith('Simulation: PASSED'))).toBe(true);
    expect(email.text.match(/https?:\/\/\S+/g)).toEqual([URL]);
  });

  it('renders the same facts as HTML, escaped, with the link as the only anchor', () => {
    // Act
    const { html } = renderApprovalEmail(reviewed(), { url: URL, deadline: DEADLINE, required: 1 });

    // Assess
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<h2 style="margin-bottom:0.2em">api 1.4.0 → 1.5.0</h2>');
    expect(html).toContain('<tr><th align="left" valign="top">Change</th><td>1.4.0 → 1.5.0</td></tr>');
    expect(html).toContain('Adds &lt;script&gt;alert(1)&lt;/script&gt; export.');
    expect(html).not.toContain('<script>');
    expect([...html.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1])).toEqual([URL]);
    expect(html.match(/<table/g)).toHaveLength(1);
    expect(html.match(/<\/table>/g)).toHaveLength(1);
  });
});

describe('Function: renderReminderEmail', () => {
  it('says what happens at the deadline and how to decide, without any link', () => {
    // Act
    const email = renderReminderEmail(reviewed(), { deadline: DEADLINE, requestedAt: '2025-01-15T12:00:00.000Z', required: 1, onExpiry: 'defer' });

    // Assess
    expect(email.subject).toBe(`[Upkeep] Reminder: api 1.4.0 → 1.5.0 needs your decision by ${DEADLINE}`);
    expect(email.text).toContain(`If nobody decides by ${DEADLINE}, the update is deferred to the next deployment window.`);
    expect(email.text).toContain('the approval email sent at 2025-01-15T12:00:00.000Z');
    expect(email.text).not.toMatch(/https?:\/\//);
    expect(email.html).not.toMatch(/<a /);
  });
});
