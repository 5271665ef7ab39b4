/** Running command scripts (init files, -x, -ex) through an interpreter, as GDB does. */
import {splitLines} from '../scenario/source.js';
import type {Interpreter} from './table.js';

/** Commands to run, with the name their errors are reported under (`FILE:LINE:`, `-ex "CMD":`). */
export type Script = {readonly name: string; readonly text: string};

/** What the scripts printed, their errors as `NAME:LINE: message`, and whether one quit. */
export type ScriptsRun = {readonly output: string[]; readonly errors: string[]; readonly quit: boolean};

/** Runs SCRIPTS in order; `quit` ends the run. */
export function runScripts(interpreter: Interpreter, scripts: readonly Script[]): ScriptsRun {
	const output: string[] = [];
	const errors: string[] = [];
	for (const script of scripts) {
		// Lines end as in scenarios (LF, CRLF or a lone CR), so NAME:LINE counts the same way.
		for (const [index, line] of splitLines(script.text).entries()) {
			// A blank line in a command file does nothing (GDB repeats only at the terminal).
			if (line.trim() === '') {
				continue;
			}

			const outcome = interpreter.execute(line);
			output.push(...outcome.output);
			if (outcome.error !== undefined) {
				errors.push(script.name === '-ex' ? `-ex "${line}": ${outcome.error}` : `${script.name}:${index + 1}: ${outcome.error}`);
			}

			if (outcome.quit) {
				return {output, errors, quit: true};
			}
		}
	}

	return {output, errors, quit: false};
}
