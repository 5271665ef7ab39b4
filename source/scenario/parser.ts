/**
 * The scenario parser (graphql-js style): one method per production, each documented
 * with its grammar; every message reads `Expected <what>, found <token>.` It returns the
 * statements it could parse and a diagnostic for each line it could not; it never throws.
 */
import type {CpuRef, Name, Num, Statement, StatementBody} from './ast.js';
import type {Code, Diagnostic} from './diagnostics.js';
import {lex, type Token} from './lexer.js';
import {parseAction, parseExpectation} from './parse-step.js';
import type {Source} from './source.js';
import {quoted, visible} from '../text/untrusted.js';

/** Raised inside the parser to abandon a line; caught per line, never escapes. */
export class LineError {
	readonly diagnostic: Diagnostic;

	constructor(diagnostic: Diagnostic) {
		this.diagnostic = diagnostic;
	}
}

/** How a token is named in messages. */
function describe(token: Token): string {
	switch (token.kind) {
		case 'newline': {
			return 'end of line';
		}

		case 'eof': {
			return 'end of file';
		}

		case 'string': {
			return `"\\"${visible(token.text)}\\""`;
		}

		default: {
			return quoted(token.text);
		}
	}
}


/** Parses one line's tokens. */
/** Parses one line's tokens (the productions of actions and claims: parse-step.ts). */
export class LineParser {
	index = 0;
	private readonly tokens: readonly Token[];

	constructor(tokens: readonly Token[]) {
		this.tokens = tokens;
	}

	peek(): Token {
		return this.tokens[this.index]!;
	}

	advance(): Token {
		const token = this.peek();
		if (token.kind !== 'newline' && token.kind !== 'eof') {
			this.index++;
		}

		return token;
	}

	/** Fails the line: Expected WHAT, found <the current token>. */
	unexpected(what: string, code: Code = 'SCN004', token: Token = this.peek()): never {
		throw new LineError({code, message: `Expected ${what}, found ${describe(token)}.`, offset: token.offset, length: Math.max(1, token.length)});
	}

	/** Word */
	word(what: string): Name {
		const token = this.peek();
		if (token.kind !== 'word') {
			this.unexpected(what);
		}

		this.advance();
		return {value: token.text, offset: token.offset, length: token.length};
	}

	/** One of CHOICES. */
	oneOf<T extends string>(choices: readonly T[], what: string): Name & {value: T} {
		const token = this.peek();
		if (token.kind !== 'word' && token.kind !== 'punct') {
			this.unexpected(what);
		}

		if (!(choices as readonly string[]).includes(token.text)) {
			this.unexpected(what);
		}

		this.advance();
		return {value: token.text as T, offset: token.offset, length: token.length};
	}

	/** Number */
	number(what: string): Num {
		const token = this.peek();
		if (token.kind !== 'number') {
			this.unexpected(what);
		}

		this.advance();
		return {value: token.value, offset: token.offset, length: token.length};
	}

	optionalNumber(): Num | undefined {
		return this.peek().kind === 'number' ? this.number('a number') : undefined;
	}

	/** Punctuation TEXT. */
	punct(text: string): Token {
		const token = this.peek();
		if (token.kind !== 'punct' || token.text !== text) {
			this.unexpected(`"${text}"`);
		}

		return this.advance();
	}

	optionalPunct(text: string): boolean {
		const token = this.peek();
		if (token.kind === 'punct' && token.text === text) {
			this.advance();
			return true;
		}

		return false;
	}

	optionalWord(text: string): boolean {
		const token = this.peek();
		if (token.kind === 'word' && token.text === text) {
			this.advance();
			return true;
		}

		return false;
	}

	/** CpuRef : `cpu` Digits (one word, as in `cpu1`) */
	cpu(): CpuRef {
		const token = this.peek();
		const match = token.kind === 'word' ? /^cpu([0-9]+)$/.exec(token.text) : null;
		if (!match) {
			this.unexpected('a CPU id (cpu0, cpu1, ...)');
		}

		this.advance();
		return {value: BigInt(match[1]!), offset: token.offset, length: token.length};
	}

	/** Perms : `r` | `rw` | `rx` | `rwx` */
	perms(): Name {
		return this.oneOf(['r', 'rw', 'rx', 'rwx'], 'permissions (r, rw, rx or rwx)');
	}

	optionalPerms(): Name | undefined {
		return this.peek().kind === 'word' ? this.perms() : undefined;
	}

	/** The line must end here. */
	end(): void {
		const token = this.peek();
		if (token.kind !== 'newline' && token.kind !== 'eof') {
			this.unexpected('end of line');
		}
	}

	/** Parses the whole line. */
	statement(): Statement | undefined {
		const first = this.peek();
		if (first.kind === 'newline' || first.kind === 'eof') {
			return undefined;
		}

		const node = this.statementBody(first);
		this.end();
		const last = this.tokens[Math.max(0, this.index - 1)]!;
		return {...node, offset: first.offset, length: last.offset + last.length - first.offset};
	}

	private statementBody(first: Token): StatementBody {
		if (first.kind === 'word' && /^cpu[0-9]+$/.test(first.text)) {
			return this.step();
		}

		if (first.kind !== 'word') {
			this.unexpected('a statement (title, cpus, mode, pmap, map, cpuN: ACTION, parallel, expect, ...)', 'SCN005');
		}

		this.advance();
		switch (first.text) {
			// Title : `title` String
			case 'title': {
				const token = this.peek();
				if (token.kind !== 'string') {
					this.unexpected('a string in double quotes');
				}

				this.advance();
				return {kind: 'title', text: token.text};
			}

			// Cpus : `cpus` Number
			case 'cpus': {
				return {kind: 'cpus', count: this.number('the number of CPUs')};
			}

			// Mode : `mode` (`nopcid` | `pcid` | `pti` | `pti-pcid`)
			case 'mode': {
				return {kind: 'mode', mode: this.oneOf(['nopcid', 'pcid', 'pti', 'pti-pcid'], 'a mode (nopcid, pcid, pti or pti-pcid)')};
			}

			// Invpcid : `invpcid` (`on` | `off`)
			case 'invpcid': {
				return {kind: 'invpcid', on: this.oneOf(['on', 'off'], 'on or off').value === 'on'};
			}

			// Memory : `memory` (`sc` | `tso`)
			case 'memory': {
				return {kind: 'memory', model: this.oneOf(['sc', 'tso'], 'a memory model (sc or tso)')};
			}

			// Pmap : `pmap` Name+
			case 'pmap': {
				const names = [this.word('a pmap name')];
				while (this.peek().kind === 'word') {
					names.push(this.word('a pmap name'));
				}

				return {kind: 'pmap', names};
			}

			// Kpti : `kpti` Name `off`
			case 'kpti': {
				const pmap = this.word('a pmap name');
				this.oneOf(['off'], '"off"');
				return {kind: 'kpti', pmap};
			}

			// Map : `map` Name VA `->` PA Perms?
			case 'map': {
				const pmap = this.word('a pmap name');
				const va = this.number('a virtual address');
				this.punct('->');
				const pa = this.number('a physical address');
				return {kind: 'map', pmap, va, pa, perms: this.optionalPerms()};
			}

			// Ablate : `ablate` Name
			case 'ablate': {
				return {kind: 'ablate', name: this.word('an ablation name')};
			}

			// Kernel : `kernel` (`freebsd` | `linux`)
			case 'kernel': {
				return {kind: 'kernel', kernel: this.oneOf(['freebsd', 'linux'], 'a kernel (freebsd or linux)')};
			}

			// Require : `require` `mode` Mode+ | `require` `kernel` Kernel+
			case 'require': {
				if (this.oneOf(['mode', 'kernel'], '"mode" or "kernel"').value === 'kernel') {
					const kernels = [this.oneOf(['freebsd', 'linux'], 'a kernel (freebsd or linux)')];
					while (this.peek().kind === 'word') {
						kernels.push(this.oneOf(['freebsd', 'linux'], 'a kernel (freebsd or linux)'));
					}

					return {kind: 'require-kernel', kernels};
				}

				const modes = [this.oneOf(['nopcid', 'pcid', 'pti', 'pti-pcid'], 'a mode (nopcid, pcid, pti or pti-pcid)')];
				while (this.peek().kind === 'word') {
					modes.push(this.oneOf(['nopcid', 'pcid', 'pti', 'pti-pcid'], 'a mode (nopcid, pcid, pti or pti-pcid)'));
				}

				return {kind: 'require', modes};
			}

			case 'parallel': {
				return {kind: 'parallel'};
			}

			case 'end': {
				return {kind: 'end'};
			}

			case 'expect': {
				return {kind: 'expect', claim: parseExpectation(this)};
			}

			default: {
				return this.unexpected('a statement (title, cpus, mode, pmap, map, cpuN: ACTION, parallel, expect, ...)', 'SCN005', first);
			}
		}
	}

	/** Step : CpuRef `:` Action */
	private step(): StatementBody {
		const cpu = this.cpu();
		this.punct(':');
		return {kind: 'step', cpu, action: parseAction(this)};
	}
}

/** The result of parsing: the statements understood, and a diagnostic per problem. */
export type ParseResult = {readonly statements: Statement[]; readonly diagnostics: Diagnostic[]};

/** Parses SOURCE. Every line with a problem gets one diagnostic; the rest is parsed. */
export function parse(source: Source): ParseResult {
	const diagnostics: Diagnostic[] = [];
	const tokens = lex(source, diagnostics);
	// A line the lexer already complained about gets no second, derived complaint.
	const lexerErrors = diagnostics.map(diagnostic => diagnostic.offset);
	const statements: Statement[] = [];
	let start = 0;
	while (start < tokens.length) {
		let end = start;
		while (tokens[end]!.kind !== 'newline' && tokens[end]!.kind !== 'eof') {
			end++;
		}

		const line = tokens.slice(start, end + 1);
		try {
			const statement = new LineParser(line).statement();
			if (statement) {
				statements.push(statement);
			}
		} catch (error) {
			if (!(error instanceof LineError)) {
				throw error;
			}

			const lineStart = line[0]!.offset;
			const lineEnd = line.at(-1)!.offset;
			if (!lexerErrors.some(offset => offset >= lineStart && offset <= lineEnd)) {
				diagnostics.push(error.diagnostic);
			}
		}

		start = end + 1;
	}

	diagnostics.sort((a, b) => a.offset - b.offset);
	return {statements, diagnostics};
}
