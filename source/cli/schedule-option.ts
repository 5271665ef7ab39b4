/** `--schedule FILE`: reading a recorded schedule and starting a session on it. */
import {readInputText} from '../files/read-input.js';
import type {Scenario} from '../scenario/compile.js';
import {parseSchedule, type ScheduleHeader} from '../session/schedule-file.js';
import {ScheduleError, Session, type SessionOptions} from '../session/session.js';
import {visible} from '../text/untrusted.js';
import {UsageError} from './usage-error.js';

/**
 * The options to replay a schedule with: what its header says it was recorded on, where
 * the command line says nothing; a flag that says otherwise is refused, naming both, as
 * is a schedule recorded on another scenario.
 */
function recordedOptions(scenario: Scenario, options: SessionOptions, file: string, header: ScheduleHeader): SessionOptions {
	const where = (entry: {line: number}) => `${file}:${entry.line}`;
	if (header.title !== undefined && header.title.value !== visible(scenario.title)) {
		throw new UsageError(`${where(header.title)}: this schedule was recorded on "${header.title.value}", not on this scenario ("${visible(scenario.title)}")`);
	}

	const mode = options.mode ?? header.mode?.value;
	if (options.mode !== undefined && header.mode !== undefined && options.mode !== header.mode.value) {
		throw new UsageError(`--mode ${options.mode} contradicts ${where(header.mode)} (mode: ${header.mode.value}); leave it out to replay the schedule's configuration`);
	}

	const pcid = mode === 'pcid' || mode === 'pti-pcid';
	if (pcid && options.invpcid !== undefined && header.invpcid !== undefined && options.invpcid !== header.invpcid.value) {
		throw new UsageError(`--invpcid ${options.invpcid ? 'on' : 'off'} contradicts ${where(header.invpcid)} (invpcid: ${header.invpcid.value ? 'on' : 'off'}); leave it out to replay the schedule's configuration`);
	}

	if (options.kernel !== undefined && options.kernel !== (header.kernel?.value ?? 'freebsd') && header.mode !== undefined) {
		// A header without `kernel` was written by FreeBSD's run (the default).
		throw new UsageError(`--kernel ${options.kernel} contradicts ${header.kernel ? where(header.kernel) : file} (kernel: ${header.kernel?.value ?? 'freebsd'}); leave it out to replay the schedule's configuration`);
	}

	if (options.memory !== undefined && header.memory !== undefined && options.memory !== header.memory.value) {
		throw new UsageError(`--memory ${options.memory} contradicts ${where(header.memory)} (memory: ${header.memory.value}); leave it out to replay the schedule's configuration`);
	}

	const given = [...new Set([...scenario.ablate, ...(options.ablate ?? [])])].sort();
	const recorded = header.ablate === undefined ? undefined : [...header.ablate.value].sort();
	if ((options.ablate ?? []).length > 0 && recorded !== undefined && given.join(' ') !== recorded.join(' ')) {
		throw new UsageError(`--ablate ${given.join(' ')} contradicts ${where(header.ablate!)} (ablate: ${recorded.join(' ') || 'none'}); leave it out to replay the schedule's configuration`);
	}

	return {
		...options,
		mode,
		invpcid: options.invpcid ?? header.invpcid?.value,
		kernel: options.kernel ?? header.kernel?.value ?? (header.mode === undefined ? undefined : 'freebsd'),
		// A schedule fits one memory model: `cpuN flush` lines exist only under tso.
		memory: options.memory ?? header.memory?.value,
		ablate: (options.ablate ?? []).length > 0 ? options.ablate : header.ablate?.value ?? options.ablate,
	};
}

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
	const {choices, lines, header, problems} = parseSchedule(text);
	if (problems.length > 0) {
		throw new UsageError(problems.map(problem => `${file}:${problem.line}: ${problem.message}`).join('\n'));
	}

	try {
		const session = new Session(scenario, {...recordedOptions(scenario, options, file, header), schedule: choices});
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
