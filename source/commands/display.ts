/**
 * GDB's auto-display: `display EXPR` prints EXPR now and after every motion command,
 * `undisplay [N...]` drops them, `info display` lists them. Expressions are those of
 * `print` and `watch`.
 */
import type {Session} from '../session/session.js';
import {parseExpression} from '../session/watch.js';
import {CommandError, type Command} from './command.js';

/** Each display's line, as GDB prints them: `1: pm_gen P cpu1 = 0`. */
export function displayLines(session: Session): string[] {
	return session.displays.map(display => `${display.number}: ${display.expression.text} = ${session.read(display.expression)}`);
}

/** `info display`. */
export function infoDisplay(session: Session): string[] {
	if (session.displays.length === 0) {
		return ['There are no auto-display expressions now.'];
	}

	return ['Auto-display expressions now in effect:', 'Num Enb Expression', ...session.displays.map(display => `${String(display.number).padEnd(4)}y   ${display.expression.text}`)];
}

/** The display commands. */
export const displayCommands: Command[] = [
	{
		name: 'display',
		aliases: ['disp'],
		usage: 'display [EXPR]',
		help: 'Print EXPR (as print does) now and after every step, continue or other motion; without EXPR, print every display.',
		repeatable: false,
		run({session}, args) {
			if (args.length === 0) {
				return displayLines(session);
			}

			const expression = parseExpression(args, session.state);
			if (typeof expression === 'string') {
				throw new CommandError(expression);
			}

			const display = {number: session.displays.reduce((max, each) => Math.max(max, each.number), 0) + 1, expression};
			session.displays.push(display);
			return [`${display.number}: ${expression.text} = ${session.read(expression)}`];
		},
	},
	{
		name: 'undisplay',
		aliases: [],
		usage: 'undisplay [N...]',
		help: 'Stop displaying the expressions numbered N (all without N).',
		repeatable: false,
		run({session}, args) {
			if (args.length === 0) {
				session.displays.length = 0;
				return [];
			}

			for (const arg of args) {
				const index = session.displays.findIndex(display => String(display.number) === arg);
				if (index < 0) {
					throw new CommandError(`no display number ${arg}`);
				}

				session.displays.splice(index, 1);
			}

			return [];
		},
	},
];
