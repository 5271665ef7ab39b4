/**
 * The scenario parser (graphql-js style): one method per production, each documented
 * with its grammar; every message reads `Expected <what>, found <token>.` It returns the
 * statements it could parse and a diagnostic for each line it could not; it never throws.
 */
import type {ActionNode, CpuRef, ExpectNode, Name, Num, Op, Statement, StatementBody} from './ast.js';
import type {Code, Diagnostic} from './diagnostics.js';
import {lex, type Token} from './lexer.js';
import type {Source} from './source.js';

/** Raised inside the parser to abandon a line; caught per line, never escapes. */
class LineError {
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
			return `"\\"${token.text}\\""`;
		}

		default: {
			return `"${token.text}"`;
		}
	}
}

const comparisons: readonly Op[] = ['==', '!=', '>=', '<=', '>', '<'];

/** Parses one line's tokens. */
class LineParser {
	private index = 0;
	private readonly tokens: readonly Token[];

	constructor(tokens: readonly Token[]) {
		this.tokens = tokens;
	}

	peek(): Token {
		return this.tokens[this.index]!;
	}

	private advance(): Token {
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

			// Require : `require` `mode` Mode+
			case 'require': {
				this.oneOf(['mode'], '"mode"');
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
				return {kind: 'expect', claim: this.expectation()};
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
		return {kind: 'step', cpu, action: this.action()};
	}

	/**
	 * Action :
	 *   `switch` Name | `user` | `kernel` | (`read` | `write`) VA
	 *   | `enter` Name VA `->` PA Perms? | `remove` Name VA VA?
	 *   | `protect` Name VA VA? Perms | `invalidate` Name (`all` | VA VA?)
	 *   | `pte` Name VA (`->` PA Perms? | `none`) | `pinit` Name
	 */
	private action(): ActionNode {
		const verbs = ['switch', 'user', 'kernel', 'read', 'write', 'enter', 'remove', 'protect', 'invalidate', 'pte', 'pinit'] as const;
		const verb = this.oneOf(verbs, 'an action (switch, user, kernel, read, write, enter, remove, protect, invalidate, pte, pinit)');
		switch (verb.value) {
			case 'switch': {
				return {kind: 'switch', pmap: this.word('a pmap name or "kernel"')};
			}

			case 'user':
			case 'kernel': {
				return {kind: verb.value};
			}

			case 'read':
			case 'write': {
				return {kind: verb.value, va: this.number('a virtual address')};
			}

			case 'enter': {
				const pmap = this.word('a pmap name');
				const va = this.number('a virtual address');
				this.punct('->');
				const pa = this.number('a physical address');
				return {kind: 'enter', pmap, va, pa, perms: this.optionalPerms()};
			}

			case 'remove': {
				const pmap = this.word('a pmap name');
				const va = this.number('a virtual address');
				return {kind: 'remove', pmap, va, vaEnd: this.optionalNumber()};
			}

			case 'protect': {
				const pmap = this.word('a pmap name');
				const va = this.number('a virtual address');
				const vaEnd = this.optionalNumber();
				return {kind: 'protect', pmap, va, vaEnd, perms: this.perms()};
			}

			case 'invalidate': {
				const pmap = this.word('a pmap name');
				if (this.optionalWord('all')) {
					return {kind: 'invalidate', pmap, va: undefined, vaEnd: undefined};
				}

				const va = this.number('a virtual address or "all"');
				return {kind: 'invalidate', pmap, va, vaEnd: this.optionalNumber()};
			}

			case 'pte': {
				const pmap = this.word('a pmap name');
				const va = this.number('a virtual address');
				if (this.optionalWord('none')) {
					return {kind: 'pte', pmap, va, pa: undefined, perms: undefined};
				}

				if (!this.optionalPunct('->')) {
					this.unexpected('"->" or "none"');
				}

				const pa = this.number('a physical address');
				return {kind: 'pte', pmap, va, pa, perms: this.optionalPerms()};
			}

			case 'pinit': {
				return {kind: 'pinit', pmap: this.word('a pmap name')};
			}

			default: {
				return verb.value satisfies never;
			}
		}
	}

	/** Op : `==` | `!=` | `>=` | `<=` | `>` | `<` */
	private op(): Op {
		return this.oneOf(comparisons, 'a comparison (==, !=, >=, <=, >, <)').value;
	}

	/**
	 * Expectation :
	 *   CpuRef `tlb` (`has` | `lacks`) Name VA (`->` PA)?
	 *   | `pm_active` Name `==` `{` (Number (`,` Number)*)? `}`
	 *   | `pm_gen` Name CpuRef (`==` | `!=`) Number
	 *   | `count` Event (Field `=` Value)* Op Number
	 *   | `no-stale` | `stale`
	 */
	private expectation(): ExpectNode {
		const token = this.peek();
		if (token.kind === 'word' && /^cpu[0-9]+$/.test(token.text)) {
			const cpu = this.cpu();
			this.oneOf(['tlb'], '"tlb"');
			const has = this.oneOf(['has', 'lacks'], 'has or lacks').value === 'has';
			const pmap = this.word('a pmap name');
			const va = this.number('a virtual address');
			const pa = has && this.optionalPunct('->') ? this.number('a physical address') : undefined;
			return {kind: 'tlb', cpu, has, pmap, va, pa};
		}

		const what = this.oneOf(['pm_active', 'pm_gen', 'count', 'no-stale', 'stale'], 'an expectation (cpuN tlb, pm_active, pm_gen, count, no-stale, stale)');
		switch (what.value) {
			case 'pm_active': {
				const pmap = this.word('a pmap name');
				this.punct('==');
				this.punct('{');
				const cpus: Num[] = [];
				if (!this.optionalPunct('}')) {
					do {
						cpus.push(this.number('a CPU number'));
					} while (this.optionalPunct(','));
					this.punct('}');
				}

				return {kind: 'pm_active', pmap, cpus};
			}

			case 'pm_gen': {
				const pmap = this.word('a pmap name');
				const cpu = this.cpu();
				const op = this.oneOf(['==', '!='], '== or !=').value;
				return {kind: 'pm_gen', pmap, cpu, op, value: this.number('a generation number')};
			}

			case 'count': {
				const event = this.word('an event name');
				const filters: Array<{field: Name; value: Name}> = [];
				while (this.peek().kind === 'word') {
					const field = this.word('a field name');
					this.punct('=');
					const valueToken = this.peek();
					if (valueToken.kind !== 'word' && valueToken.kind !== 'number') {
						this.unexpected('a field value');
					}

					this.index++;
					filters.push({field, value: {value: valueToken.text, offset: valueToken.offset, length: valueToken.length}});
				}

				const op = this.op();
				return {kind: 'count', event, filters, op, n: this.number('a count')};
			}

			case 'no-stale':
			case 'stale': {
				return {kind: what.value};
			}

			default: {
				return what.value satisfies never;
			}
		}
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
