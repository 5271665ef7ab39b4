/**
 * Reading a scenario file: refuses what is not text (SCN001) before parsing, then
 * parses and compiles. The only I/O of the scenario layer.
 */
import {decodeUtf8, readInputBytes} from '../files/read-input.js';
import {compile, type CompileOptions, type Scenario} from './compile.js';
import {formatDiagnostic, type Diagnostic} from './diagnostics.js';
import {parse} from './parser.js';
import type {Source} from './source.js';

/** A loaded scenario, or the diagnostics that stopped it. */
export type Loaded = {
	readonly source: Source;
	readonly scenario: Scenario | undefined;
	readonly diagnostics: readonly Diagnostic[];
};

/** The formatted diagnostics of a load that failed, one block per problem. */
export function diagnosticText(loaded: Loaded): string[] {
	return loaded.diagnostics.map(diagnostic => formatDiagnostic(loaded.source, diagnostic));
}

/** Parses and compiles TEXT named NAME. */
export function loadText(name: string, body: string, options: CompileOptions = {}): Loaded {
	const source: Source = {name, body};
	if (body.includes('\0')) {
		return {
			source: {name, body: ''},
			scenario: undefined,
			diagnostics: [{code: 'SCN001', message: 'This is not a text file (it contains NUL bytes).', offset: 0, length: 1}],
		};
	}

	const parsed = parse(source);
	if (parsed.statements.length === 0 && parsed.diagnostics.length === 0) {
		return {
			source,
			scenario: undefined,
			diagnostics: [{code: 'SCN002', message: 'The scenario is empty: expected at least one statement.', offset: 0, length: 1}],
		};
	}

	const compiled = compile(source, parsed.statements, options);
	const diagnostics = [...parsed.diagnostics, ...compiled.diagnostics].sort((a, b) => a.offset - b.offset);
	return {source, scenario: diagnostics.length > 0 ? undefined : compiled.scenario, diagnostics};
}

/** Reads, parses and compiles the scenario at PATH (files/read-input.ts: size limit, regular files and pipes only). */
export async function loadFile(path: string, options: CompileOptions = {}): Promise<Loaded> {
	const unreadable = (message: string): Loaded => ({
		source: {name: path, body: ''},
		scenario: undefined,
		diagnostics: [{code: 'SCN001', message, offset: 0, length: 1}],
	});
	const read = await readInputBytes(path);
	if (!read.ok) {
		return unreadable(`Cannot read the scenario: ${read.reason}.`);
	}

	const body = decodeUtf8(read.bytes);
	return body === undefined ? unreadable('This is not a text file (it is not valid UTF-8).') : loadText(path, body, options);
}
