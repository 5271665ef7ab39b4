/**
 * The protocol actions of a case: from the events of the invalidation step, the ones
 * the seed's table speaks of (pm_gen stores, IPIs, TLB instructions, CR3 loads and
 * ucr3_load_mask changes), each tagged with the CPU role that performed it.
 */
import {createMachine, defaultScheduler, makeConfig, runToEnd, type EngineEvent, type Kernel, type Mode} from '../engine/index.js';
import {formatField} from '../report/fields.js';
import type {ConformanceCase} from './cases.js';

/** Which fields of each action event the table shows. */
const shownFields: Readonly<Record<string, readonly string[]>> = {
	pm_gen_zero: ['pmap', 'target'],
	ipi_send: ['to', 'ipi'],
	invlpg: ['va', 'pcid'],
	invpcid: ['type', 'pcid', 'va'],
	invltlb_glob: [],
	cr3_load: ['table', 'pcid', 'flush'],
	ucr3_mask: ['value'],
	// Linux's words (tlb.c): the generation bump, the initiator's cond_func, what
	// flush_tlb_func decided, and the deferred PTI work.
	tlb_gen_inc: ['mm', 'tlb_gen'],
	should_flush_tlb: ['to', 'result', 'reason'],
	flush_tlb_func: ['flush'],
	invalidate_user_asid: ['asid', 'pcid'],
	invalidate_other: [],
};

/** An action of a case. */
export type CaseAction = {
	readonly on: 'initiator' | 'target';
	readonly event: EngineEvent;
	/** A CR3 load of the kernel entry or of the return to user around the IPI handler. */
	readonly boundary?: 'entry' | 'exit';
};

/** Whether EVENT is one of the table's actions. */
export function isAction(event: EngineEvent): boolean {
	return event.event in shownFields;
}

/** An action as one line of text, e.g. `invpcid type=addr pcid=0x802 va=0x400000`. */
export function formatAction(event: EngineEvent): string {
	const fields = shownFields[event.event] ?? [];
	const record = event as unknown as Record<string, unknown>;
	const parts = fields.filter(key => record[key] !== undefined).map(key => `${key}=${formatField(event.event, key, record[key])}`);
	return [event.event, ...parts].join(' ');
}

/**
 * Runs CASE in one configuration and returns its actions. A local row shows what the
 * initiator does (including the pm_gen stores for other CPUs); a remote row shows the
 * initiator's pm_gen store and IPI for the target, and everything the target does.
 */
export function caseActions(testCase: ConformanceCase, mode: Mode, invpcid: boolean, kernel: Kernel = 'freebsd'): CaseAction[] {
	const config = makeConfig(mode, invpcid, [], 'sc', kernel);
	const all: EngineEvent[] = [];
	runToEnd(createMachine(config, testCase.program), defaultScheduler, (_state, stepEvents) => {
		for (const event of stepEvents) {
			if (event.line === testCase.line) {
				all.push(event);
			}
		}
	});
	const out: CaseAction[] = [];
	for (const [index, event] of all.entries()) {
		if (!isAction(event)) {
			continue;
		}

		if (event.cpu === 1) {
			if (testCase.remote) {
				const before = all.slice(0, index).findLast(other => other.cpu === 1);
				const after = all.slice(index + 1).find(other => other.cpu === 1 && other.event !== 'ucr3_mask');
				const boundary =
					event.event === 'cr3_load' && before?.event === 'mode_switch' && before.to === 'kernel'
						? 'entry'
						: event.event === 'cr3_load' && after?.event === 'mode_switch' && after.to === 'user'
							? 'exit'
							: undefined;
				out.push(boundary ? {on: 'target', event, boundary} : {on: 'target', event});
			}

			continue;
		}

		const aboutTarget =
			(event.event === 'pm_gen_zero' && event.target === 1) ||
			(event.event === 'ipi_send' && event.to === 1) ||
			(event.event === 'should_flush_tlb' && event.to === 1);
		if (testCase.remote ? aboutTarget : !aboutTarget || event.event === 'pm_gen_zero') {
			out.push({on: 'initiator', event});
		}
	}

	return out;
}
