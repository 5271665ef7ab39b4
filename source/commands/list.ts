/**
 * `list`: the scenario's lines as GDB lists a source file: ten lines around the current
 * one, then the next ten at each `list`; `list LINE` centres on LINE, `list A,B` shows
 * A to B.
 */
import {splitLines} from '../scenario/source.js';
import type {Session} from '../session/session.js';
import {CommandError, type Command} from './command.js';

/** Where the next bare `list` starts, per session (GDB's "last listed line"). */
const nextLine = new WeakMap<Session, number>();

function listing(session: Session, from: number, to: number): string[] {
	const lines = splitLines(session.scenario.source.body);
	const first = Math.max(1, from);
	const last = Math.min(lines.length, to);
	if (first > last) {
		throw new CommandError(`line number ${from} out of range; the scenario has ${lines.length} lines`);
	}

	nextLine.set(session, last + 1);
	return lines.slice(first - 1, last).map((text, index) => `${String(first + index).padEnd(6)}${text}`);
}

/** Ten lines with LINE sixth, as GDB centres a listing (kept whole near the start). */
function around(session: Session, line: number): string[] {
	const first = Math.max(1, line - 5);
	return listing(session, first, first + 9);
}

/** The list command. */
export const listCommand: Command = {
	name: 'list',
	aliases: ['l'],
	usage: 'list [LINE | FIRST,LAST]',
	help: 'Show the scenario around the current line (then the next lines at each list), around LINE, or from FIRST to LAST.',
	repeatable: true,
	run({session}, args) {
		const [arg] = args;
		if (arg === undefined) {
			const next = nextLine.get(session);
			if (next !== undefined) {
				return listing(session, next, next + 9);
			}

			const current = session.events.at(-1)?.line ?? session.scenario.stepLines[0] ?? 1;
			return around(session, current);
		}

		const range = /^([0-9]+),([0-9]+)$/.exec(arg);
		if (range) {
			return listing(session, Number(range[1]), Number(range[2]));
		}

		if (!/^[0-9]+$/.test(arg)) {
			throw new CommandError(`list takes a line number or FIRST,LAST; found "${arg}"`);
		}

		return around(session, Number(arg));
	},
};
