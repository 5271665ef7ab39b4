/** How the debugger reports where it is and why it stopped (GDB's wording where it fits). */
import {formatAddress, type EngineEvent} from '../engine/index.js';
import {fieldText} from '../report/fields.js';
import type {Session, Stop} from '../session/session.js';

/** An event in one line: `ipi_send cpu0 -> cpu1 (invlpg P 0x400000)`, `invlpg cpu1 va=...`. */
export function describeEvent(event: EngineEvent): string {
	switch (event.event) {
		case 'ipi_send': {
			const va = event.va === undefined ? '' : ` ${formatAddress(event.va)}`;
			return `ipi_send cpu${event.cpu} -> cpu${event.to} (${event.ipi} ${event.pmap}${va})`;
		}

		case 'ipi_handle': {
			return `ipi_handle cpu${event.cpu} <- cpu${event.from} (${event.ipi})`;
		}

		default: {
			const fields = fieldText(event);
			return `${event.event} cpu${event.cpu}${fields ? ' ' + fields : ''}`;
		}
	}
}

/** The statement on LINE as written, without its comment: `remove P 0x400000`. */
function statementText(session: Session, line: number | undefined): string {
	const text = line === undefined ? '' : (session.scenario.source.body.split('\n')[line - 1] ?? '');
	const statement = text.replace(/#.*$/, '').replace(/^\s*cpu\d+:\s*/, '').trim();
	return statement === '' ? 'its statement' : `"${statement}"`;
}

/** `at step 23, line 11` */
function where(event: EngineEvent): string {
	return `at step ${event.step}, line ${event.line}`;
}

/** The current position: the last step's events, or the start. */
export function describePosition(session: Session): string[] {
	const {events, lastStep} = session;
	if (lastStep === undefined) {
		return [`at the start of the scenario (nothing executed yet)`];
	}

	if (events.length === 0) {
		return [`step ${session.at - 1}, cpu${lastStep.cpu}, line ${lastStep.line ?? '-'}: (nothing to do: the statement had no effect)`];
	}

	return events.map(event => `step ${event.step}, cpu${event.cpu}, line ${event.line}: ${describeEvent(event)}`);
}

/** What to print when motion stopped. */
export function describeStop(session: Session, stop: Stop): string[] {
	switch (stop.kind) {
		case 'done': {
			return describePosition(session);
		}

		case 'breakpoint': {
			const kind = stop.breakpoint.temporary ? 'Temporary breakpoint' : 'Breakpoint';
			if (stop.before) {
				return [`${kind} ${stop.breakpoint.number}, line ${stop.line ?? '-'}: cpu${stop.cpu} is about to run ${statementText(session, stop.line)} (step ${session.at})`];
			}

			if (stop.event === undefined) {
				return [`${kind} ${stop.breakpoint.number}, line ${stop.line ?? '-'} (a step with no event) at step ${session.at - 1}`];
			}

			return [`${kind} ${stop.breakpoint.number}, ${describeEvent(stop.event)} ${where(stop.event)}`];
		}

		case 'watchpoint': {
			const last = session.events.at(-1);
			return [
				`Watchpoint ${stop.watchpoint.number}: ${stop.watchpoint.expression.text}`,
				`Old value = ${stop.old}`,
				`New value = ${stop.value}`,
				...(last ? [`${where(last)}: ${describeEvent(last)}`] : []),
			];
		}

		case 'stale': {
			const event = stop.event as Extract<EngineEvent, {event: 'stale_use'}>;
			const expected = event.expected === undefined ? 'no mapping' : formatAddress(event.expected);
			return [
				`Stale use: cpu${event.cpu} used ${event.pmap} ${formatAddress(event.va)} -> ${formatAddress(event.pa)}; the page table has ${expected} ${where(event)}`,
				`(ask "why cpu${event.cpu} ${event.pmap} ${formatAddress(event.va)}")`,
			];
		}

		case 'end': {
			const stale = session.state.staleUses;
			return [`The scenario has finished at step ${session.at}${stale > 0 ? ` with ${stale} stale use${stale === 1 ? '' : 's'}` : ''}.`];
		}

		case 'deadlock': {
			return [`No CPU can move at step ${session.at}: the machine is deadlocked.`];
		}

		case 'line': {
			return [`Run till line ${stop.line}: cpu${stop.cpu} is about to run ${statementText(session, stop.line)} (step ${session.at})`];
		}

		case 'start': {
			return ['No more reverse-execution history.', ...describePosition(session)];
		}

		default: {
			return stop satisfies never;
		}
	}
}
