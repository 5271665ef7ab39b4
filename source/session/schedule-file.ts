/**
 * Schedule files: a recorded execution as one choice per line, `cpuN` (run its next
 * micro-operation), `cpuN irq` (take its pending IPI) or `cpuN flush` (under --memory tso,
 * the oldest store of its store buffer reaches memory), `#` comments. `explore` writes
 * its counterexamples in this form; `--schedule FILE` replays one exactly.
 */
import type {Choice} from '../engine/index.js';
import {splitLines} from '../scenario/source.js';
import {quoted, visible} from '../text/untrusted.js';

/** A problem in a schedule file, at a line. */
export type ScheduleProblem = {readonly line: number; readonly message: string};

/** Parses TEXT; problems are reported by line. */
export function parseSchedule(text: string): {choices: Choice[]; lines: number[]; problems: ScheduleProblem[]} {
	const choices: Choice[] = [];
	const lines: number[] = [];
	const problems: ScheduleProblem[] = [];
	for (const [index, raw] of splitLines(text).entries()) {
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

	return {choices, lines, problems};
}

/** How the counterexamples explore writes begin: what tells a schedule from another file. */
export const COUNTEREXAMPLE_HEADER = '# counterexample: ';

/** Whether TEXT (its first bytes are enough) is a counterexample schedule explore wrote. */
export function isCounterexample(text: string): boolean {
	return text.startsWith(COUNTEREXAMPLE_HEADER);
}

/**
 * Formats CHOICES as a schedule file, with a header comment. The header quotes file
 * names and titles: made visible, so a line break in one cannot end the comment and
 * add schedule lines.
 */
export function formatSchedule(choices: readonly Choice[], header: readonly string[] = []): string {
	const lines = header.map(line => `# ${visible(line)}`);
	for (const [index, choice] of choices.entries()) {
		lines.push(`${choiceText(choice)}${index % 10 === 0 ? `   # step ${index}` : ''}`);
	}

	return lines.join('\n') + '\n';
}

/** A choice as a schedule line says it: `cpuN`, `cpuN irq`, `cpuN flush`. */
export function choiceText(choice: Choice): string {
	return `cpu${choice.cpu}${choice.kind === 'run' ? '' : ` ${choice.kind}`}`;
}
