/** `--schedule FILE`: reading a recorded schedule and starting a session on it. */
import {readInputText} from '../files/read-input.js';
import type {Scenario} from '../scenario/compile.js';
import {parseSchedule} from '../session/schedule-file.js';
import {ScheduleError, Session, type SessionOptions} from '../session/session.js';
import {UsageError} from './usage-error.js';

/** A session on SCENARIO, replaying the schedule in FILE when one is given. */
export async function sessionWithSchedule(scenario: Scenario, options: SessionOptions, file: string | undefined): Promise<Session> {
	if (file === undefined) {
		return new Session(scenario, options);
	}

	const read = await readInputText(file);
	if (!read.ok) {
		throw new UsageError(`cannot read the schedule ${file}: ${read.reason}`);
	}

	const {text} = read;
	const {choices, lines, problems} = parseSchedule(text);
	if (problems.length > 0) {
		throw new UsageError(problems.map(problem => `${file}:${problem.line}: ${problem.message}`).join('\n'));
	}

	try {
		const session = new Session(scenario, {...options, schedule: choices});
		if (text.includes('# counterexample:')) {
			// An explore counterexample opens with a breakpoint on its violation.
			session.breakpoints.push({number: session.allocateNumber(), target: {kind: 'event', event: 'stale_use', filters: []}, enabled: true, temporary: false, condition: undefined, ignore: 0, hits: 0});
		}

		return session;
	} catch (error) {
		if (error instanceof ScheduleError) {
			throw new UsageError(`${file}:${lines[error.index]}: ${error.message} (the schedule does not fit this scenario and configuration)`);
		}

		throw error;
	}
}
