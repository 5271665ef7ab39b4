/**
 * The ten cases of the seed comment's per-mode table (local/remote x user/kernel x
 * page/total x active/inactive), each as a two-CPU program: initiator 0, target 1, a
 * user pmap P with a PTI user table and no pending ucr3_load_mask (cli.md, `table`).
 * The engine runs them; what it does is the table.
 */
import {ProgramBuilder, type Program} from '../engine/index.js';

/** A user address of P and a kernel address, both mapped. */
export const USER_VA = 0x40_0000;
export const KERNEL_VA = 0xff_ff_80_00_00_40_00_00n;

/** The seed comment's row names, in its order. */
export const caseNames = [
	'local user page',
	'local kernel page',
	'local user total',
	'local kernel total',
	'remote user page, inactive pmap',
	'remote user page, active pmap',
	'remote kernel page',
	'remote user total, inactive pmap',
	'remote user total, active pmap',
	'remote kernel total',
] as const;

/** One row's name. */
export type CaseName = (typeof caseNames)[number];

/** A case: its program, the line of the invalidation, and whose actions it shows. */
export type ConformanceCase = {
	readonly name: CaseName;
	readonly program: Program;
	/** The scenario line of the pmap_invalidate_* call. */
	readonly line: number;
	/** Local rows show the initiator's own actions; remote rows what reaches the target. */
	readonly remote: boolean;
};

const {user, kernel} = ProgramBuilder;

function base(): ProgramBuilder {
	return new ProgramBuilder(2).pmap('P').map('P', USER_VA, 0x1000, 'rw').map('kernel', KERNEL_VA, 0x2000, 'rw');
}

/** P current on the initiator, in kernel mode, its user page cached, no mask pending. */
function initiatorRunsP(b: ProgramBuilder): ProgramBuilder {
	return b.at(0, b.switchTo('P')).at(0, user).at(0, b.read(USER_VA)).at(0, kernel);
}

/** Builds one case. */
export function buildCase(name: CaseName): ConformanceCase {
	const b = base();
	const total = name.includes('total');
	const remote = name.startsWith('remote');
	if (name.includes('kernel')) {
		// Both CPUs have the kernel page cached; kernel_pmap is active everywhere.
		b.at(1, b.read(KERNEL_VA)).at(0, b.read(KERNEL_VA));
		const line = b.nextLine;
		b.at(0, total ? b.invalidateAll('kernel') : b.invalidatePage('kernel', KERNEL_VA));
		return {name, program: b.build(), line, remote};
	}

	if (name.includes('inactive')) {
		// P ran on the target, which has switched away to a kernel thread.
		b.at(1, b.switchTo('P')).at(1, user).at(1, b.read(USER_VA)).at(1, kernel).at(1, b.switchTo('kernel'));
	} else if (name.includes('active')) {
		// P is current on the target, which is in user mode.
		b.at(1, b.switchTo('P')).at(1, user).at(1, b.read(USER_VA));
	}

	initiatorRunsP(b);
	const line = b.nextLine;
	b.at(0, total ? b.invalidateAll('P') : b.invalidatePage('P', USER_VA));
	return {name, program: b.build(), line, remote};
}

/** All ten cases in the seed's order. */
export function allCases(): ConformanceCase[] {
	return caseNames.map(name => buildCase(name));
}
