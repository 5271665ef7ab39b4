/**
 * Schedule files: a recorded execution as one choice per line, `cpuN` (run its next
 * micro-operation) or `cpuN irq` (take its pending IPI), `#` comments. `explore` writes
 * its counterexamples in this form; `--schedule FILE` replays one exactly.
 */
import type {Choice} from '../engine/index.js';

/** A problem in a schedule file, at a line. */
export type ScheduleProblem = {readonly line: number; readonly message: string};

/** Parses TEXT; problems are reported by line. */
export function parseSchedule(text: string): {choices: Choice[]; lines: number[]; problems: ScheduleProblem[]} {
	const choices: Choice[] = [];
	const lines: number[] = [];
	const problems: ScheduleProblem[] = [];
	for (const [index, raw] of text.split('\n').entries()) {
		const line = raw.replace(/#.*/, '').trim();
		if (line === '') {
			continue;
		}

		const match = /^cpu([0-9]+)(?:\s+(run|irq))?$/.exec(line);
		if (!match) {
			problems.push({line: index + 1, message: `expected "cpuN" or "cpuN irq", found "${line}"`});
			continue;
		}

		choices.push({cpu: Number(match[1]), kind: match[2] === 'irq' ? 'irq' : 'run'});
		lines.push(index + 1);
	}

	return {choices, lines, problems};
}

/** Formats CHOICES as a schedule file, with a header comment. */
export function formatSchedule(choices: readonly Choice[], header: readonly string[] = []): string {
	const lines = header.map(line => `# ${line}`);
	for (const [index, choice] of choices.entries()) {
		lines.push(`cpu${choice.cpu}${choice.kind === 'irq' ? ' irq' : ''}${index % 10 === 0 ? `   # step ${index}` : ''}`);
	}

	return lines.join('\n') + '\n';
}
