import * as z from 'zod';
import { parseDuration } from '../duration.js';
import { EmailSchema, TextSchema, durationSchema } from './common.js';

/** Who may see and decide (DESIGN.md §6, issue 7). Viewers see; approvers decide; admins also manage. */
export const APPROVER_ROLES = ['approver', 'admin', 'viewer'] as const;
export type ApproverRole = (typeof APPROVER_ROLES)[number];

export const ApproverSchema = z
  .object({
    email: EmailSchema,
    role: z.enum(APPROVER_ROLES).default('approver'),
    name: TextSchema.optional(),
  })
  .strict();

/** An approval that waits longer than two weeks is stale: reject it and let detection propose again. */
const deadline = durationSchema({ min: 300, max: 14 * 86_400, why: 'an approval must not wait for ever' });

const rules = {
  /** How long an approval request stays open. */
  deadline,
  /** What happens when nobody decides in time: the workflow ends EXPIRED (reject) or DEFERRED (defer to the next window). */
  onExpiry: z.enum(['reject', 'defer']),
  /** Send a reminder this long before the deadline. */
  reminderBefore: durationSchema({ min: 60 }),
  /** Distinct approvers needed (N of M). */
  requiredApprovals: z.number().int('must be a whole number').min(1, 'must be at least 1').max(10, 'must be at most 10'),
  /** The author or requester of an update may not approve it. */
  forbidAuthorApproval: z.boolean(),
};

/** When `reminderBefore` is set it must fall inside the deadline (a bad duration is reported on its own). */
function reminderInsideDeadline(r: { deadline?: string | undefined; reminderBefore?: string | undefined }): boolean {
  const reminder = r.reminderBefore === undefined ? undefined : parseDuration(r.reminderBefore);
  const limit = r.deadline === undefined ? undefined : parseDuration(r.deadline);
  return reminder === undefined || limit === undefined || reminder < limit;
}

const reminderIssue = { message: 'must be shorter than deadline, or the reminder would come after the approval expired', path: ['reminderBefore'] };

/** The approval rules for every component (each may override some). */
export const ApprovalRulesSchema = z
  .object({
    deadline: rules.deadline.default('24h'),
    onExpiry: rules.onExpiry.default('reject'),
    reminderBefore: rules.reminderBefore.optional(),
    requiredApprovals: rules.requiredApprovals.default(1),
    forbidAuthorApproval: rules.forbidAuthorApproval.default(false),
  })
  .strict()
  .refine(reminderInsideDeadline, reminderIssue);

/** A component's overrides of the approval rules; `approvers` narrows who may decide for it. */
export const ApprovalOverrideSchema = z
  .object({
    deadline: rules.deadline.optional(),
    onExpiry: rules.onExpiry.optional(),
    reminderBefore: rules.reminderBefore.optional(),
    requiredApprovals: rules.requiredApprovals.optional(),
    forbidAuthorApproval: rules.forbidAuthorApproval.optional(),
    /** E-mails of configured approvers; only they may decide for this component. */
    approvers: z.array(EmailSchema).min(1, 'must name at least one approver, or be left out').optional(),
  })
  .strict()
  .refine(reminderInsideDeadline, reminderIssue);

export type Approver = z.infer<typeof ApproverSchema>;
export type ApprovalRules = z.infer<typeof ApprovalRulesSchema>;
export type ApprovalOverride = z.infer<typeof ApprovalOverrideSchema>;
