/** Breakpoints and watchpoints: break, tbreak, watch, condition, ignore, enable, disable, delete. */
import {eventNames, type EventName} from '../engine/index.js';
import {canonicalFilter, commonFields, eventFieldNames} from '../scenario/event-fields.js';
import {describeBreakpoint, parseCondition, type Breakpoint, type BreakTarget} from '../session/breakpoints.js';
import type {Session} from '../session/session.js';
import {parseExpression} from '../session/watch.js';
import {CommandError, type Command} from './command.js';

/** Parses `LINE` or `EVENT [FIELD=VALUE ...]`. */
function parseTarget(session: Session, args: readonly string[]): BreakTarget {
	const [first, ...rest] = args;
	if (first === undefined) {
		throw new CommandError('break takes a scenario line or an event, e.g. "break 12" or "break ipi_send to=1"');
	}

	if (/^[0-9]+$/.test(first)) {
		const line = Number(first);
		if (!session.scenario.stepLines.includes(line)) {
			throw new CommandError(`line ${line} holds no step (steps are on lines ${session.scenario.stepLines.join(', ')})`);
		}

		return {kind: 'line', line};
	}

	if (!(eventNames as readonly string[]).includes(first)) {
		throw new CommandError(`"${first}" is neither a line number nor an event (${eventNames.join(', ')})`);
	}

	const event = first as EventName;
	const fields = [...eventFieldNames[event], ...commonFields];
	const filters = rest.map(word => {
		const match = /^([a-z_]+)=(\S+)$/.exec(word);
		if (!match) {
			throw new CommandError(`expected FIELD=VALUE, found "${word}"`);
		}

		const filter = canonicalFilter(event, match[1]!, match[2]!);
		if (!fields.includes(filter[0])) {
			throw new CommandError(`${event} has no field "${match[1]}" (fields: ${fields.join(', ')})`);
		}

		return filter;
	});
	return {kind: 'event', event, filters};
}

function addBreakpoint(session: Session, args: readonly string[], temporary: boolean): string[] {
	const target = parseTarget(session, args);
	const breakpoint: Breakpoint = {number: session.allocateNumber(), target, enabled: true, temporary, condition: undefined, ignore: 0, hits: 0};
	session.breakpoints.push(breakpoint);
	const where = target.kind === 'line' ? `line ${target.line}` : args.join(' ');
	return [`${temporary ? 'Temporary breakpoint' : 'Breakpoint'} ${breakpoint.number} at ${where}`];
}

function findPoint(session: Session, arg: string | undefined): Breakpoint | {number: number; enabled: boolean} {
	if (arg === undefined || !/^[0-9]+$/.test(arg)) {
		throw new CommandError(`expected a breakpoint number, found "${arg ?? 'nothing'}"`);
	}

	const number = Number(arg);
	const point = session.breakpoints.find(b => b.number === number) ?? session.watchpoints.find(w => w.number === number);
	if (point === undefined) {
		throw new CommandError(`no breakpoint or watchpoint number ${number}`);
	}

	return point;
}

/** The numbers named (or every one when none is). */
function selected(session: Session, args: readonly string[]): Array<{number: number; enabled: boolean}> {
	return args.length === 0 ? [...session.breakpoints, ...session.watchpoints] : args.map(arg => findPoint(session, arg));
}

/** The breakpoint and watchpoint commands. */
export const pointCommands: Command[] = [
	{
		name: 'break',
		aliases: ['b', 'br'],
		usage: 'break LINE | break EVENT [FIELD=VALUE ...]',
		help: 'Stop when a step of scenario line LINE starts, or after an event matching the filters.',
		repeatable: false,
		run: ({session}, args) => addBreakpoint(session, args, false),
	},
	{
		name: 'tbreak',
		aliases: ['tb'],
		usage: 'tbreak LINE | tbreak EVENT [FIELD=VALUE ...]',
		help: 'A breakpoint deleted after its first stop.',
		repeatable: false,
		run: ({session}, args) => addBreakpoint(session, args, true),
	},
	{
		name: 'watch',
		aliases: ['wa'],
		usage: 'watch EXPR',
		help: 'Stop when EXPR changes, forwards or backwards (pm_gen P cpuN, pm_active P, pte P VA, tlb cpuN P VA, ucr3_load_mask cpuN, ...).',
		repeatable: false,
		run({session}, args) {
			const expression = parseExpression(args, session.state);
			if (typeof expression === 'string') {
				throw new CommandError(expression);
			}

			const number = session.allocateNumber();
			session.watchpoints.push({number, expression, enabled: true, hits: 0});
			return [`Watchpoint ${number}: ${expression.text} (now ${expression.read(session.state)})`];
		},
	},
	{
		name: 'condition',
		aliases: ['cond'],
		usage: 'condition N [FIELD==VALUE && ...]',
		help: "Stop at breakpoint N only when the hit's event satisfies the condition (none: always).",
		repeatable: false,
		run({session}, args) {
			const point = findPoint(session, args[0]);
			if (!('target' in point)) {
				throw new CommandError(`${args[0]} is a watchpoint; conditions apply to breakpoints`);
			}

			if (args.length === 1) {
				point.condition = undefined;
				return [`Breakpoint ${point.number} now unconditional.`];
			}

			const condition = parseCondition(args.slice(1).join(' '));
			if (condition === undefined) {
				throw new CommandError(`expected FIELD==VALUE or FIELD!=VALUE terms joined by &&, found "${args.slice(1).join(' ')}"`);
			}

			point.condition = condition;
			return [`Breakpoint ${point.number} stops only if ${condition.text}.`];
		},
	},
	{
		name: 'ignore',
		aliases: [],
		usage: 'ignore N COUNT',
		help: 'Let breakpoint N pass its next COUNT hits.',
		repeatable: false,
		run({session}, args) {
			const point = findPoint(session, args[0]);
			if (!('target' in point)) {
				throw new CommandError(`${args[0]} is a watchpoint; ignore counts apply to breakpoints`);
			}

			if (args[1] === undefined || !/^[0-9]+$/.test(args[1])) {
				throw new CommandError(`ignore takes a count, found "${args[1] ?? 'nothing'}"`);
			}

			point.ignore = Number(args[1]);
			return [`Will ignore next ${point.ignore} crossings of breakpoint ${point.number}.`];
		},
	},
	{
		name: 'enable',
		aliases: ['en'],
		usage: 'enable [N ...]',
		help: 'Enable breakpoints and watchpoints (all when none is named).',
		repeatable: false,
		run({session}, args) {
			for (const point of selected(session, args)) {
				point.enabled = true;
			}

			return [];
		},
	},
	{
		name: 'disable',
		aliases: ['dis'],
		usage: 'disable [N ...]',
		help: 'Disable breakpoints and watchpoints (all when none is named).',
		repeatable: false,
		run({session}, args) {
			for (const point of selected(session, args)) {
				point.enabled = false;
			}

			return [];
		},
	},
	{
		name: 'delete',
		aliases: ['d'],
		usage: 'delete [N ...]',
		help: 'Delete breakpoints and watchpoints (all when none is named).',
		repeatable: false,
		run({session}, args) {
			const doomed = new Set(selected(session, args).map(point => point.number));
			for (const list of [session.breakpoints, session.watchpoints] as Array<Array<{number: number}>>) {
				for (let i = list.length - 1; i >= 0; i--) {
					if (doomed.has(list[i]!.number)) {
						list.splice(i, 1);
					}
				}
			}

			return [];
		},
	},
];

/** `info breakpoints`. */
export function listPoints(session: Session): string[] {
	if (session.breakpoints.length === 0 && session.watchpoints.length === 0) {
		return ['No breakpoints or watchpoints.'];
	}

	return [
		'Num Enb What',
		...session.breakpoints.map(breakpoint => describeBreakpoint(breakpoint)),
		...session.watchpoints.map(
			watchpoint =>
				`${String(watchpoint.number).padEnd(4)}${watchpoint.enabled ? 'y' : 'n'}   watch ${watchpoint.expression.text}${watchpoint.hits > 0 ? `  (changed ${watchpoint.hits} time${watchpoint.hits === 1 ? '' : 's'})` : ''}`,
		),
	];
}

/**
 * Commands that recreate SESSION's breakpoints and watchpoints in another session (the
 * UI's configuration picker restarts the session; the user's points carry over).
 */
export function recreatePoints(session: Session): string[] {
	const out: string[] = [];
	const points = [...session.breakpoints.map(point => ({number: point.number, point})), ...session.watchpoints.map(point => ({number: point.number, point}))];
	points.sort((a, b) => a.number - b.number);
	for (const [index, {point}] of points.entries()) {
		const number = index + 1;
		if ('target' in point) {
			const {target} = point;
			const what = target.kind === 'line' ? String(target.line) : [target.event, ...target.filters.map(([field, value]) => `${field}=${value}`)].join(' ');
			out.push(`${point.temporary ? 'tbreak' : 'break'} ${what}`);
			if (point.condition) {
				out.push(`condition ${number} ${point.condition.text}`);
			}

			if (point.ignore > 0) {
				out.push(`ignore ${number} ${point.ignore}`);
			}
		} else {
			out.push(`watch ${point.expression.text}`);
		}

		if (!point.enabled) {
			out.push(`disable ${number}`);
		}
	}

	return out;
}
