/**
 * Schedule files: a recorded execution as one choice per line, `cpuN` (run its next
 * micro-operation), `cpuN irq` (take its pending IPI) or `cpuN flush` (under --memory tso,
 * the oldest store of its store buffer reaches memory), `#` comments. `explore` writes
 * its counterexamples in this form; `--schedule FILE` replays one exactly. Before the
 * first choice, `# KEY: VALUE` lines record what it was recorded on (the scenario's
 * title, kernel when not FreeBSD, mode, invpcid, memory model, ablations), which `--schedule` applies; after each
 * choice a comment says what that step did, for readers (the parser ignores it, so a file
 * edited by hand still replays).
 */
import {allAblations, kernels, memoryModels, modes, type Ablation, type Choice, type Kernel, type MemoryModel, type Mode} from '../engine/index.js';
import {splitLines} from '../scenario/source.js';
import {quoted, visible} from '../text/untrusted.js';

/** A problem in a schedule file, at a line. */
export type ScheduleProblem = {readonly line: number; readonly message: string};

/** What a schedule says it was recorded on; each with the file line that says it. */
export type ScheduleHeader = {
	readonly title?: {readonly value: string; readonly line: number};
	readonly mode?: {readonly value: Mode; readonly line: number};
	readonly invpcid?: {readonly value: boolean; readonly line: number};
	readonly memory?: {readonly value: MemoryModel; readonly line: number};
	readonly kernel?: {readonly value: Kernel; readonly line: number};
	readonly ablate?: {readonly value: readonly Ablation[]; readonly line: number};
};

/** The `# KEY: VALUE` keys a schedule's header may carry. */
const headerKeys = ['title', 'kernel', 'mode', 'invpcid', 'memory', 'ablate'] as const;

/** The keys whose value is one word of a list: the list, and what a message calls it. */
const oneWordKeys = {
	mode: {values: modes, what: 'a mode'},
	kernel: {values: kernels, what: 'a kernel'},
	memory: {values: memoryModels, what: 'a memory model'},
} as const;

function parseDirective(header: Record<string, unknown>, key: (typeof headerKeys)[number], value: string, line: number): string | undefined {
	switch (key) {
		case 'title': {
			header['title'] = {value, line};
			return undefined;
		}

		case 'mode':
		case 'kernel':
		case 'memory': {
			const {values, what} = oneWordKeys[key];
			if (!(values as readonly string[]).includes(value)) {
				return `expected ${what} (${values.join(', ')}), found ${quoted(value)}`;
			}

			header[key] = {value, line};
			return undefined;
		}

		case 'invpcid': {
			if (value !== 'on' && value !== 'off') {
				return `expected invpcid on or off, found ${quoted(value)}`;
			}

			header['invpcid'] = {value: value === 'on', line};
			return undefined;
		}

		case 'ablate': {
			const names = value === 'none' ? [] : value.split(/\s+/);
			const known = allAblations();
			const unknown = names.find(name => !(known as readonly string[]).includes(name));
			if (unknown !== undefined) {
				return `expected ablations (${known.join(', ')}) or none, found ${quoted(unknown)}`;
			}

			header['ablate'] = {value: names, line};
			return undefined;
		}

		default: {
			return key satisfies never;
		}
	}
}

/** Parses TEXT; problems are reported by line. */
export function parseSchedule(text: string): {choices: Choice[]; lines: number[]; header: ScheduleHeader; problems: ScheduleProblem[]} {
	const choices: Choice[] = [];
	const lines: number[] = [];
	const problems: ScheduleProblem[] = [];
	const header: Record<string, unknown> = {};
	for (const [index, raw] of splitLines(text).entries()) {
		const directive = /^#\s*([a-z]+):\s*(.*?)\s*$/.exec(raw);
		if (directive && choices.length === 0 && (headerKeys as readonly string[]).includes(directive[1]!)) {
			const problem = parseDirective(header, directive[1] as (typeof headerKeys)[number], directive[2]!, index + 1);
			if (problem !== undefined) {
				problems.push({line: index + 1, message: problem});
			}

			continue;
		}

		const line = raw.replace(/#.*/, '').trim();
		if (line === '') {
			continue;
		}

		const match = /^cpu([0-9]+)(?:\s+(run|irq|flush))?$/.exec(line);
		if (!match) {
			problems.push({line: index + 1, message: `expected "cpuN", "cpuN irq" or "cpuN flush", found ${quoted(line)}`});
			continue;
		}

		choices.push({cpu: Number(match[1]), kind: match[2] === 'irq' || match[2] === 'flush' ? match[2] : 'run'});
		lines.push(index + 1);
	}

	return {choices, lines, header: header as ScheduleHeader, problems};
}

/** How the counterexamples explore writes begin: what tells a schedule from another file. */
export const COUNTEREXAMPLE_HEADER = '# counterexample: ';

/** Whether TEXT (its first bytes are enough) is a counterexample schedule explore wrote. */
export function isCounterexample(text: string): boolean {
	return text.startsWith(COUNTEREXAMPLE_HEADER);
}

/** What a schedule was recorded on, for its header. */
export type Recorded = {readonly title: string; readonly kernel: Kernel; readonly mode: Mode; readonly invpcid: boolean; readonly memory: MemoryModel; readonly ablate: readonly Ablation[]};

/**
 * Formats CHOICES as a schedule file: the comment lines of HEADER, the `# KEY: VALUE`
 * lines of RECORDED, then one choice a line with NOTES[i] (what step i did) after it.
 * Titles and notes quote the user's files: made visible, so a line break in one cannot
 * end its comment and add schedule lines.
 */
export function formatSchedule(choices: readonly Choice[], header: readonly string[] = [], recorded?: Recorded, notes: readonly string[] = []): string {
	const lines = header.map(line => `# ${visible(line)}`);
	if (recorded !== undefined) {
		lines.push(
			`# title: ${visible(recorded.title)}`,
			...(recorded.kernel === 'freebsd' ? [] : [`# kernel: ${recorded.kernel}`]),
			`# mode: ${recorded.mode}`,
			`# invpcid: ${recorded.invpcid ? 'on' : 'off'}`,
			`# memory: ${recorded.memory}`,
			`# ablate: ${recorded.ablate.length > 0 ? recorded.ablate.join(' ') : 'none'}`,
		);
	}

	for (const [index, choice] of choices.entries()) {
		const text = choiceText(choice);
		const note = notes[index];
		lines.push(note === undefined ? `${text}${index % 10 === 0 ? `   # step ${index}` : ''}` : `${text.padEnd(9)} # ${visible(note)}`);
	}

	return lines.join('\n') + '\n';
}

/** A choice as a schedule line says it: `cpuN`, `cpuN irq`, `cpuN flush`. */
export function choiceText(choice: Choice): string {
	return `cpu${choice.cpu}${choice.kind === 'run' ? '' : ` ${choice.kind}`}`;
}
