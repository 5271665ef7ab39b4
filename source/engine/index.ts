/** The simulation engine's public surface. */
export * from './config.js';
export * from './constants.js';
export * from './cpuset.js';
export type * from './events.js';
export {contractedEvents, eventNames, maskName, tableName} from './events.js';
export type * from './frames.js';
export type * from './program.js';
export * from './state.js';
export {createMachine} from './machine.js';
export {frameFor} from './blocks.js';
export {enabled, step, finished, isEnabled, type Choice, type StepResult} from './step.js';
export * from './schedule.js';
export {canonicalKey, stateHash} from './hash.js';
export {ProgramBuilder, vpnOf, type Address} from './builder.js';
export {checkState, InvariantMonitor} from './invariants.js';
export {entryStatus, reachOf, unreachableWords, type EntryStatus, type Reach, type Unreachable} from './reach.js';
export * from './footprint.js';
export {choiceRecord, choiceRecords, operationOf, operations, type ChoiceRecord} from './operations.js';
