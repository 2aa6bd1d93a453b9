/**
 * The local Step Functions runtime: run the project's ASL definition on one machine.
 * See {@link LocalStateMachine} for the entry point.
 */
export { LocalStateMachine } from './local-state-machine.js';
export type { LocalStateMachineOptions, StartExecutionRequest, StartExecutionResult } from './local-state-machine.js';
export { TaskTokenRegistry } from './task-token-registry.js';
export type { PendingTaskSummary } from './task-token-registry.js';
export { ExecutionAlreadyExistsError, ExecutionDoesNotExistError, StateMachineDefinitionError, TaskDoesNotExistError } from './errors.js';
export { readDefinitionFile, substitutePlaceholders, vetDefinition } from './definition.js';
export type { AslDefinition } from './definition.js';
export type * from './types.js';
