/**
 * Linux's operations (v6.14): the record of each kind of Linux frame, kept beside its
 * code, and the dispatch of a frame to its code. The explorer reads these records
 * exactly as it reads FreeBSD's (../operations.ts).
 */
import type {Operation} from '../footprint.js';
import type {Tx} from '../tx.js';
import {linuxKernelOperation, linuxUserOperation, switchToKernel, switchToUser} from './boundary.js';
import {funcOperation, linuxInstrsOperation, runFunc, runLinuxInstrs} from './flush-func.js';
import {flushMmOperation, runFlushMm} from './flush-mm.js';
import type {LinuxFrame, LinuxFrameKind} from './frames.js';
import {linuxIntrOperation, runLinuxIntr} from './handler.js';
import {linuxMutateOperation, linuxPinitOperation, runLinuxMutate, runLinuxPinit} from './mutate.js';
import {runSwitchMm, switchMmOperation} from './switch-mm.js';

/** The record of each kind of Linux frame. */
export const linuxOperations: {readonly [K in LinuxFrameKind]: Operation<Extract<LinuxFrame, {kind: K}>>} = {
	'lx-switch': switchMmOperation,
	'lx-user': linuxUserOperation,
	'lx-kernel': linuxKernelOperation,
	'lx-flush': flushMmOperation,
	'lx-func': funcOperation,
	'lx-intr': linuxIntrOperation,
	'lx-instrs': linuxInstrsOperation,
	'lx-mutate': linuxMutateOperation,
	'lx-pinit': linuxPinitOperation,
};

/** Runs the next phase of a Linux frame on CPU `id`. */
export function runLinuxFrame(tx: Tx, id: number, frame: LinuxFrame): void {
	switch (frame.kind) {
		case 'lx-switch': {
			runSwitchMm(tx, id, frame);
			return;
		}

		case 'lx-user': {
			switchToUser(tx, id, frame.line);
			tx.pop(id);
			return;
		}

		case 'lx-kernel': {
			switchToKernel(tx, id, frame.line);
			tx.pop(id);
			return;
		}

		case 'lx-flush': {
			runFlushMm(tx, id, frame);
			return;
		}

		case 'lx-func': {
			runFunc(tx, id, frame);
			return;
		}

		case 'lx-intr': {
			runLinuxIntr(tx, id, frame);
			return;
		}

		case 'lx-instrs': {
			runLinuxInstrs(tx, id, frame);
			return;
		}

		case 'lx-mutate': {
			runLinuxMutate(tx, id, frame);
			return;
		}

		case 'lx-pinit': {
			runLinuxPinit(tx, id, frame);
			return;
		}

		default: {
			frame satisfies never;
		}
	}
}
