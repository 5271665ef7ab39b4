/** Shared helpers for engine tests: run a program, collect events, look at state. */
import {
	createMachine,
	defaultScheduler,
	makeConfig,
	runToEnd,
	type Ablation,
	type EngineEvent,
	type MachineState,
	type MemoryModel,
	type Mode,
	type Program,
	type Scheduler,
} from '../../source/engine/index.js';

/** The result of running a program to its end. */
export type Run = {
	readonly state: MachineState;
	readonly events: EngineEvent[];
	readonly end: string;
};

/** Runs PROGRAM under (MODE, INVPCID, ABLATIONS, MEMORY) with the default schedule. */
export function run(
	program: Program,
	mode: Mode,
	invpcid = true,
	ablate: Ablation[] = [],
	scheduler: Scheduler = defaultScheduler,
	memory: MemoryModel = 'sc',
): Run {
	const events: EngineEvent[] = [];
	const result = runToEnd(createMachine(makeConfig(mode, invpcid, ablate, memory), program), scheduler, (_state, stepEvents) => {
		events.push(...stepEvents);
	});
	return {state: result.state, events, end: result.end};
}

/** The events named NAME, optionally on one CPU. */
export function named(events: readonly EngineEvent[], name: string, cpu?: number): EngineEvent[] {
	return events.filter(event => event.event === name && (cpu === undefined || event.cpu === cpu));
}

/** Whether CPU's TLB holds a translation of page VPN filled from PMAP's tables. */
export function tlbHas(state: MachineState, cpu: number, pmap: number, vpn: number): boolean {
	return state.cpus[cpu]!.tlb.some(entry => entry.owner === pmap && entry.vpn === vpn);
}
