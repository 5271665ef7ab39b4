/** Execution control: stepi, step, finish, continue, until, goto and the reverse family. */
import type {Session, Stop} from '../session/session.js';
import {CommandError, type Command} from './command.js';
import {describeStop} from './describe.js';

function count(arg: string | undefined, what: string): number {
	if (arg === undefined) {
		return 1;
	}

	if (!/^[0-9]+$/.test(arg) || Number(arg) < 1) {
		throw new CommandError(`${what} takes a positive count, found "${arg}"`);
	}

	return Number(arg);
}

/** Repeats MOVE N times, stopping early at anything but a plain `done`. */
function repeat(session: Session, n: number, move: () => Stop): string[] {
	let stop: Stop = {kind: 'done'};
	for (let i = 0; i < n; i++) {
		stop = move();
		if (stop.kind !== 'done') {
			break;
		}
	}

	return describeStop(session, stop);
}

/** The CPU whose invalidation `finish` waits for: the last one to move. */
function invalidatingCpu(session: Session): {cpu: number; depth: number} {
	const {state} = session;
	const order = [state.lastCpu, ...state.cpus.map(cpu => cpu.id)];
	for (const cpu of order) {
		const depth = state.cpus[cpu]?.stack.findLastIndex(frame => frame.kind === 'invalidate') ?? -1;
		if (depth >= 0) {
			return {cpu, depth};
		}
	}

	throw new CommandError('no CPU is inside an invalidation ("finish" runs until the current pmap_invalidate_* returns)');
}

/**
 * `step`: run until the machine moves on to the next statement (the current one and the
 * work it caused on other CPUs are done). `reverse-step`: back to the latest statement
 * boundary before here: the start of the current statement, or of the previous one.
 */
function stepUntilNextStatement(session: Session, reverse: boolean): Stop {
	const boundary = (stepped: {before: {block: number}; after: {block: number}}) => stepped.after.block !== stepped.before.block;
	if (reverse) {
		return session.backward(stepped => (boundary(stepped) ? {kind: 'done'} : undefined));
	}

	return session.forward(stepped => (boundary(stepped) ? {kind: 'done'} : undefined));
}

/** The motion commands. */
export const motionCommands: Command[] = [
	{
		name: 'stepi',
		aliases: ['si'],
		usage: 'stepi [cpuN] [COUNT]',
		help: 'Execute one micro-operation (of cpuN, when given: its pending interrupt first). stepi cpuN flush (--memory tso): the oldest store in cpuN\'s store buffer reaches memory.',
		repeatable: true,
		run({session}, args) {
			const cpuArg = args[0] !== undefined && /^cpu[0-9]+$/.test(args[0]) ? Number(args[0].slice(3)) : undefined;
			const flush = cpuArg !== undefined && args[1] === 'flush';
			const n = count(cpuArg === undefined ? args[0] : args[flush ? 2 : 1], 'stepi');
			if (cpuArg === undefined) {
				return repeat(session, n, () => session.forward(() => ({kind: 'done'})));
			}

			let moved = 0;
			let stuck: string | undefined;
			const out = repeat(session, n, () => {
				const stop = session.stepCpu(cpuArg, flush);
				if (typeof stop === 'string') {
					if (moved === 0) {
						throw new CommandError(stop);
					}

					// Moved already: report where it stopped, and why, rather than fail.
					stuck = stop;
					return {kind: 'start'};
				}

				moved++;
				return stop;
			});
			return stuck === undefined ? out : [...describeStop(session, {kind: 'done'}), `(stopped after ${moved}: ${stuck})`];
		},
	},
	{
		name: 'step',
		aliases: ['s', 'next', 'n'],
		usage: 'step [COUNT]',
		help: 'Run until the current scenario statement (and the work it caused on other CPUs) is done.',
		repeatable: true,
		run: ({session}, args) => repeat(session, count(args[0], 'step'), () => stepUntilNextStatement(session, false)),
	},
	{
		name: 'finish',
		aliases: ['fin'],
		usage: 'finish',
		help: "Run until the current CPU's pmap_invalidate_* returns (its shootdown_done).",
		repeatable: false,
		run({session}) {
			const {cpu, depth} = invalidatingCpu(session);
			return describeStop(
				session,
				session.forward(stepped => (stepped.after.cpus[cpu]!.stack.length <= depth ? {kind: 'done'} : undefined)),
			);
		},
	},
	{
		name: 'continue',
		aliases: ['c', 'cont'],
		usage: 'continue [COUNT]',
		help: 'Run until a breakpoint, a watchpoint, a stale use or the end (COUNT: that many stops).',
		repeatable: true,
		run({session}, args) {
			// Unlike step N, continue N goes on through N stops (GDB ignores the current
			// breakpoint N-1 times, which for one breakpoint is the same).
			const n = count(args[0], 'continue');
			let stop = session.forward(undefined, undefined, false, true);
			for (let i = 1; i < n && (stop.kind === 'breakpoint' || stop.kind === 'watchpoint' || stop.kind === 'stale'); i++) {
				stop = session.forward(undefined, undefined, false, true);
			}

			return describeStop(session, stop);
		},
	},
	{
		name: 'until',
		aliases: ['u', 'advance'],
		usage: 'until LINE',
		help: 'Run until the statement on line LINE is about to start: stop before its first micro-operation (or when something else stops first).',
		repeatable: false,
		run({session}, args) {
			const line = count(args[0], 'until');
			if (!session.scenario.stepLines.includes(line)) {
				throw new CommandError(`line ${line} holds no step (steps are on lines ${session.scenario.stepLines.join(', ')})`);
			}

			return describeStop(session, session.forward(stepped => (stepped.started === line ? {kind: 'line', line, cpu: stepped.cpu} : undefined), undefined, false, true));
		},
	},
	{
		name: 'goto',
		aliases: [],
		usage: 'goto STEP',
		help: 'Move to just before global step STEP (goto 0: the start), forwards or backwards; breakpoints do not stop it.',
		repeatable: false,
		run({session}, args) {
			if (args[0] === undefined || !/^[0-9]+$/.test(args[0])) {
				throw new CommandError(`goto takes a step number, found "${args[0] ?? 'nothing'}"`);
			}

			return describeStop(session, session.goto(Number(args[0])));
		},
	},
	{
		name: 'reverse-stepi',
		aliases: ['rsi'],
		usage: 'reverse-stepi [COUNT]',
		help: 'Go back one micro-operation.',
		repeatable: true,
		run({session}, args) {
			const n = count(args[0], 'reverse-stepi');
			return describeStop(session, session.goto(Math.max(0, session.at - n)));
		},
	},
	{
		name: 'reverse-step',
		aliases: ['rs', 'reverse-next', 'rn'],
		usage: 'reverse-step [COUNT]',
		help: 'Go back to the start of the current scenario statement, or of the previous one.',
		repeatable: true,
		run: ({session}, args) => repeat(session, count(args[0], 'reverse-step'), () => stepUntilNextStatement(session, true)),
	},
	{
		name: 'reverse-continue',
		aliases: ['rc'],
		usage: 'reverse-continue',
		help: 'Run backwards to the previous breakpoint, watchpoint change or stale use (or the start).',
		repeatable: true,
		run: ({session}) => describeStop(session, session.backward()),
	},
	{
		name: 'reverse-finish',
		aliases: ['rf'],
		usage: 'reverse-finish',
		help: "Go back to where the current CPU's pmap_invalidate_* began.",
		repeatable: false,
		run({session}) {
			const {cpu, depth} = invalidatingCpu(session);
			return describeStop(
				session,
				session.backward(stepped =>
					stepped.before.cpus[cpu]!.stack[depth]?.kind !== 'invalidate' && stepped.after.cpus[cpu]!.stack[depth]?.kind === 'invalidate' ? {kind: 'done'} : undefined,
				),
			);
		},
	},
];
