/** Sessions over shipped scenarios, for the debugger-core tests. */
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {Interpreter} from '../../source/commands/table.js';
import {loadText} from '../../source/scenario/load.js';
import {Session, type SessionOptions} from '../../source/session/session.js';
import {root} from '../cli/helpers.js';

/** A session on scenarios/NAME.scn. */
export function sessionOn(name: string, options: SessionOptions = {}): Session {
	const file = `scenarios/${name}.scn`;
	const loaded = loadText(file, readFileSync(path.join(root, file), 'utf8'));
	if (loaded.scenario === undefined) {
		throw new Error(`${file} does not compile`);
	}

	return new Session(loaded.scenario, options);
}

/** Runs command lines; returns the output lines, failing the test on a command error. */
export function commandsOn(session: Session, ...lines: string[]): string[] {
	const interpreter = new Interpreter(session);
	const out: string[] = [];
	for (const line of lines) {
		const {output, error} = interpreter.execute(line);
		if (error !== undefined) {
			throw new Error(`${line}: ${error}`);
		}

		out.push(...output);
	}

	return out;
}
