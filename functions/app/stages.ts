import { ACTIVE_STAGES, TERMINAL_STAGES, type Stage } from '../core/types.js';

/** Every stage, in workflow order. */
export const STAGES_ALL: readonly Stage[] = [...ACTIVE_STAGES, ...TERMINAL_STAGES];
export type { Stage };
