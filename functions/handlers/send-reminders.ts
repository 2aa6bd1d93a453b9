import { sendReminders } from '../app/send-reminders.js';
import { payload } from './shared/payload.js';
import { logger } from './shared/logger.js';
import { stepHandler } from './shared/step-handler.js';

/**
 * The scheduled reminder run (EventBridge Scheduler, every minute; the local scheduler in local
 * mode): reminds approvers who have not decided when an approval nears its deadline. Duplicate
 * deliveries are harmless: each approval round is reminded once.
 */
export const handler = stepHandler('send-reminders', payload({}), async (deps) => {
  const results = await sendReminders(deps);
  const failed = results.flatMap((r) => r.failed.map((to) => ({ workflowId: r.workflowId, to })));
  if (failed.length > 0) logger.warn('reminders not sent', { failed });
  return { reminded: results.map((r) => ({ workflowId: r.workflowId, round: r.round, sent: r.sentTo.length })), failed };
});
