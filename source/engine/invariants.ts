/**
 * The protocol-internal assertions of spec 6.1 (I1-I6), as checks over states and
 * events. The stale-use checker is the property users care about; these catch a broken
 * model or a broken rule earlier and closer to the cause.
 */
import {PMAP_PCID_KERN} from './constants.js';
import {has} from './cpuset.js';
import type {EngineEvent} from './events.js';
import {KERNEL_PMAP, type CpuState, type MachineState} from './state.js';

/** Whether CPU is inside pmap_activate_sw or a PTI helper, where I3 does not hold. */
function inTransition(cpu: CpuState): boolean {
	return cpu.stack.some(frame => frame.kind === 'switch' || (frame.kind === 'instrs' && frame.irqOff));
}

/** I3-I6 on one state; returns a description of each violation. */
export function checkState(state: MachineState): string[] {
	const problems: string[] = [];
	const {config} = state;
	for (const cpu of state.cpus) {
		const cur = state.pmaps[cpu.curpmap]!;
		// I3: curpmap == P <=> the CPU's CR3 root is P's (KPT in kernel mode, UPT in user
		// mode under PTI), outside the switch window and the PTI helpers.
		if (!inTransition(cpu)) {
			const table = cpu.mode === 'user' && config.pti && cur.hasUpt ? 'upt' : 'kpt';
			if (cpu.cr3.pmap !== cpu.curpmap || cpu.cr3.table !== table) {
				problems.push(`I3: cpu${cpu.id} curpmap ${cur.name} but %cr3 is ${state.pmaps[cpu.cr3.pmap]!.name}/${cpu.cr3.table} in ${cpu.mode} mode`);
			}
		}

		// I4: the CPU is in pm_active of every pmap it can fill entries from.
		for (const id of new Set([cpu.curpmap, cpu.cr3.pmap])) {
			if (!has(state.pmaps[id]!.active, cpu.id)) {
				problems.push(`I4: cpu${cpu.id} uses ${state.pmaps[id]!.name} but is not in its pm_active`);
			}
		}

		// I5: a zero scoreboard slot [T][I] exists only while I waits for T.
		for (const initiator of cpu.pendingFrom) {
			const from = state.cpus[initiator]!;
			const waiting = from.stack.some(
				frame => frame.kind === 'invalidate' && (frame.pc === 'send' || frame.pc === 'local' || frame.pc === 'wait') && has(frame.targets, cpu.id),
			);
			if (!waiting) {
				problems.push(`I5: slot [${cpu.id}][${initiator}] is 0 but cpu${initiator} is not waiting for cpu${cpu.id}`);
			}
		}

		const zeroSlots = state.cpus.filter(target => target.pendingFrom.includes(cpu.id)).length;
		if (zeroSlots !== cpu.unacked) {
			problems.push(`I5: cpu${cpu.id} counts ${cpu.unacked} unacknowledged targets, the scoreboard has ${zeroSlots}`);
		}

		// I6: within one generation a CPU hands each PCID to one pmap; PCID 0 is the kernel's.
		if (config.pcid) {
			const owners = new Map<number, string>();
			for (const pmap of state.pmaps) {
				if (pmap.id === KERNEL_PMAP) {
					continue;
				}

				const record = pmap.pcids[cpu.id]!;
				if (record.pcid === PMAP_PCID_KERN) {
					problems.push(`I6: ${pmap.name} holds PCID 0 on cpu${cpu.id}`);
				}

				if (record.gen !== cpu.pcidGen) {
					continue;
				}

				const other = owners.get(record.pcid);
				if (other !== undefined) {
					problems.push(`I6: cpu${cpu.id} gave PCID ${record.pcid} to ${other} and ${pmap.name} in generation ${cpu.pcidGen}`);
				}

				owners.set(record.pcid, pmap.name);
			}
		}
	}

	return problems;
}

/**
 * I1 and I2 need history: a monitor fed each step's events.
 * I1: a context switch that loads CR3 with PCID_SAVE does so with a pm_gen that equals
 * the CPU's generation. I2: a return to user with the user-table PCID and PCID_SAVE
 * happens only when no requested user-table flush was silently dropped.
 */
export class InvariantMonitor {
	/** Per CPU: a user-table flush was requested (mask := ~SAVE) and not yet honoured. */
	private readonly owed: boolean[];

	constructor(cpus: number) {
		this.owed = Array.from({length: cpus}, () => false);
	}

	/** Checks one step's events against the state before and after it. */
	observe(before: MachineState, after: MachineState, events: readonly EngineEvent[]): string[] {
		const problems: string[] = [];
		for (const event of events) {
			const {cpu} = event;
			const top = before.cpus[cpu]!.stack.at(-1);
			switch (event.event) {
				case 'cr3_load': {
					if (top?.kind === 'switch' && top.pc === 'alloc' && !event.flush && before.config.pcid) {
						const record = after.pmaps[top.pmap]!.pcids[cpu]!;
						if (record.gen !== after.cpus[cpu]!.pcidGen) {
							problems.push(`I1: cpu${cpu} switched to ${event.pmap} with PCID_SAVE but pm_gen ${record.gen} != generation ${after.cpus[cpu]!.pcidGen}`);
						}
					}

					if (event.table === 'ucr3') {
						if (event.flush) {
							this.owed[cpu] = false;
						} else if (this.owed[cpu] && top?.kind !== 'instrs') {
							problems.push(`I2: cpu${cpu} returned to user with PCID_SAVE although a user-table flush was requested`);
						}
					}

					break;
				}

				case 'ucr3_mask': {
					if (event.value === '~CR3_PCID_SAVE') {
						this.owed[cpu] = true;
					}

					break;
				}

				case 'pm_gen_zero': {
					// pmap_activate_sw_pcid_pti hands the owed flush to the old pmap's next
					// PCID allocation.
					if (event.target === cpu && top?.kind === 'switch') {
						this.owed[cpu] = false;
					}

					break;
				}

				default: {
					break;
				}
			}
		}

		return problems;
	}
}
