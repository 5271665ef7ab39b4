/**
 * From statements to an engine Program plus expectations: name resolution, ranges,
 * address halves, block structure. Semantic problems become diagnostics like syntax
 * ones; every problem of a file is reported, not just the first.
 */
import {
	ablations,
	isKernelVpn,
	isUserVpn,
	KERNEL_PMAP,
	PAGE_SIZE,
	VMSPACE0_PMAP,
	type Ablation,
	type Action,
	type Block,
	type Mode,
	type Perms,
	type Program,
	type Step,
} from '../engine/index.js';
import {contractedEvents, eventNames, type EventName} from '../engine/index.js';
import {headerKinds, type ActionNode, type ExpectNode, type Name, type Num, type Statement} from './ast.js';
import type {Code, Diagnostic} from './diagnostics.js';
import {commonFields, eventFieldNames} from './event-fields.js';
import type {Check, Expectation} from './expectations.js';
import {getLocation, type Source} from './source.js';

/** A scenario ready to run. */
export type Scenario = {
	readonly source: Source;
	readonly title: string;
	readonly cpus: number;
	readonly mode: Mode;
	readonly invpcid: boolean;
	readonly ablate: readonly Ablation[];
	/** `require mode ...`: the modes the scenario is meaningful in (undefined: all). */
	readonly require: readonly Mode[] | undefined;
	readonly program: Program;
	readonly expectations: readonly Expectation[];
	/** Scenario lines that hold a step, in order (for breakpoints and the source pane). */
	readonly stepLines: readonly number[];
};

/** The result of compiling: a scenario when there was no diagnostic. */
export type CompileResult = {readonly scenario: Scenario | undefined; readonly diagnostics: Diagnostic[]};

/** Command-line overrides that change what is valid (`--cpus`). */
export type CompileOptions = {readonly cpus?: number};

const MAX_CPUS = 256;
const PAGE = BigInt(PAGE_SIZE);
const ADDRESS_LIMIT = 1n << 64n;
/** amd64 physical addresses have at most 52 bits. */
const PHYSICAL_LIMIT = 1n << 52n;

class Compiler {
	readonly diagnostics: Diagnostic[] = [];
	private readonly pmapIds = new Map<string, number>([['kernel', KERNEL_PMAP]]);
	private readonly pmaps: Array<{name: string; kpti: boolean}> = [];
	private readonly maps: Array<{pmap: number; vpn: number; pfn: number; perms: Perms}> = [];
	private readonly blocks: Block[] = [];
	private readonly expectations: Expectation[] = [];
	private readonly stepLines: number[] = [];
	private title: string;
	private cpus = 2;
	private mode: Mode = 'pcid';
	private invpcid = true;
	private readonly ablate: Ablation[] = [];
	private require: Mode[] | undefined;
	private readonly source: Source;
	private readonly options: CompileOptions;

	constructor(source: Source, options: CompileOptions) {
		this.source = source;
		this.options = options;
		this.title = source.name.split('/').at(-1) ?? source.name;
	}

	private error(code: Code, message: string, at: {offset: number; length: number}): void {
		this.diagnostics.push({code, message, offset: at.offset, length: Math.max(1, at.length)});
	}

	private line(offset: number): number {
		return getLocation(this.source, offset).line;
	}

	compile(statements: readonly Statement[]): Scenario | undefined {
		let seenStep = false;
		let parallel: {statement: Statement; steps: Step[]} | undefined;
		for (const statement of statements) {
			if (headerKinds.has(statement.kind)) {
				if (seenStep || parallel) {
					this.error('SCN014', `The header statement "${statement.kind}" must come before the first step.`, statement);
					continue;
				}

				this.header(statement);
				continue;
			}

			switch (statement.kind) {
				case 'step': {
					if (!seenStep) {
						seenStep = true;
						if (this.options.cpus !== undefined) {
							this.cpus = this.options.cpus;
						}
					}

					const step = this.step(statement);
					if (step === undefined) {
						break;
					}

					this.stepLines.push(step.line);
					if (parallel) {
						parallel.steps.push(step);
					} else {
						this.blocks.push({line: step.line, steps: [step]});
					}

					break;
				}

				case 'parallel': {
					if (parallel) {
						this.error('SCN015', 'A parallel block cannot contain another; close the first with "end".', statement);
						break;
					}

					seenStep = true;
					parallel = {statement, steps: []};
					break;
				}

				case 'end': {
					if (!parallel) {
						this.error('SCN015', '"end" closes a parallel block, but none is open.', statement);
						break;
					}

					this.blocks.push({line: this.line(parallel.statement.offset), steps: parallel.steps});
					parallel = undefined;
					break;
				}

				case 'expect': {
					if (parallel) {
						this.error('SCN015', 'An expectation cannot stand inside a parallel block; put it after "end".', statement);
						break;
					}

					this.expect(statement, statement.claim);
					break;
				}

				default: {
					break;
				}
			}
		}

		if (parallel) {
			this.error('SCN011', 'This parallel block is never closed: expected "end".', parallel.statement);
		}

		if (this.options.cpus !== undefined) {
			this.cpus = this.options.cpus;
		}

		if (this.diagnostics.length > 0) {
			return undefined;
		}

		return {
			source: this.source,
			title: this.title,
			cpus: this.cpus,
			mode: this.mode,
			invpcid: this.invpcid,
			ablate: this.ablate,
			require: this.require,
			program: {cpus: this.cpus, pmaps: this.pmaps, maps: this.maps, blocks: this.blocks},
			expectations: this.expectations,
			stepLines: this.stepLines,
		};
	}

	private header(statement: Statement): void {
		switch (statement.kind) {
			case 'title': {
				this.title = statement.text;
				return;
			}

			case 'cpus': {
				const n = statement.count.value;
				if (n < 1n || n > BigInt(MAX_CPUS)) {
					this.error('SCN007', `Expected a number of CPUs from 1 to ${MAX_CPUS}, found ${n}.`, statement.count);
					return;
				}

				this.cpus = Number(n);
				return;
			}

			case 'mode': {
				this.mode = statement.mode.value as Mode;
				return;
			}

			case 'invpcid': {
				this.invpcid = statement.on;
				return;
			}

			case 'pmap': {
				for (const name of statement.names) {
					if (this.pmapIds.has(name.value) || name.value === 'vmspace0') {
						const what = name.value === 'kernel' || name.value === 'vmspace0' ? 'is reserved' : 'is already declared';
						this.error('SCN013', `The pmap name "${name.value}" ${what}.`, name);
						continue;
					}

					this.pmapIds.set(name.value, this.pmaps.length + 2);
					this.pmaps.push({name: name.value, kpti: true});
				}

				return;
			}

			case 'kpti': {
				const id = this.userPmap(statement.pmap);
				if (id !== undefined) {
					this.pmaps[id - 2]!.kpti = false;
				}

				return;
			}

			case 'map': {
				const pmap = this.pmap(statement.pmap);
				if (pmap === undefined) {
					return;
				}

				const vpn = this.virtual(statement.va, pmap);
				const pfn = this.physical(statement.pa);
				if (vpn !== undefined && pfn !== undefined) {
					this.maps.push({pmap, vpn, pfn, perms: (statement.perms?.value ?? 'rw') as Perms});
				}

				return;
			}

			case 'ablate': {
				const name = statement.name.value;
				if (!(ablations as readonly string[]).includes(name)) {
					this.error('SCN004', `Expected an ablation (${ablations.join(', ')}), found "${name}".`, statement.name);
					return;
				}

				this.ablate.push(name as Ablation);
				return;
			}

			case 'require': {
				this.require = statement.modes.map(mode => mode.value as Mode);
				return;
			}

			default: {
				return;
			}
		}
	}

	/** A declared pmap, `kernel` included. */
	private pmap(name: Name): number | undefined {
		const id = this.pmapIds.get(name.value);
		if (id === undefined) {
			const declared = [...this.pmapIds.keys()].join(', ');
			this.error('SCN009', `The pmap "${name.value}" is not declared (declared: ${declared}).`, name);
		}

		return id;
	}

	/** A declared user pmap (not `kernel`). */
	private userPmap(name: Name): number | undefined {
		if (name.value === 'kernel') {
			this.error('SCN009', 'Expected a user pmap, found "kernel".', name);
			return undefined;
		}

		return this.pmap(name);
	}

	/** A virtual address in the right half for PMAP (any half when PMAP is undefined). */
	private virtual(num: Num, pmap: number | undefined): number | undefined {
		if (num.value >= ADDRESS_LIMIT) {
			this.error('SCN007', `Expected a 64-bit address, found ${'0x' + num.value.toString(16)}.`, num);
			return undefined;
		}

		const vpn = Number(num.value / PAGE);
		const hex = '0x' + num.value.toString(16);
		if (pmap === KERNEL_PMAP && !isKernelVpn(vpn)) {
			this.error('SCN008', `Expected a kernel address (0xffff800000000000 and above) for pmap kernel, found ${hex}.`, num);
			return undefined;
		}

		if (pmap !== undefined && pmap !== KERNEL_PMAP && !isUserVpn(vpn)) {
			this.error('SCN008', `Expected a user address (below 0x0000800000000000) for a user pmap, found ${hex}.`, num);
			return undefined;
		}

		if (!isUserVpn(vpn) && !isKernelVpn(vpn)) {
			this.error('SCN008', `Expected a canonical address (user half or kernel half), found ${hex}.`, num);
			return undefined;
		}

		return vpn;
	}

	/** The end of a range: above its start, in the same half. */
	private rangeEnd(start: number, num: Num, pmap: number): number | undefined {
		const end = num.value === ADDRESS_LIMIT - 1n ? undefined : this.virtual({...num, value: num.value - 1n}, pmap);
		if (end === undefined) {
			return undefined;
		}

		if (num.value <= BigInt(start) * PAGE) {
			this.error('SCN007', 'Expected the end of the range to be above its start.', num);
			return undefined;
		}

		// [VA, VA_END) covers every page it touches.
		return Number((num.value + PAGE - 1n) / PAGE);
	}

	private physical(num: Num): number | undefined {
		if (num.value >= PHYSICAL_LIMIT) {
			this.error('SCN007', `Expected a physical address below 2^52, found ${'0x' + num.value.toString(16)}.`, num);
			return undefined;
		}

		return Number(num.value / PAGE);
	}

	private cpu(num: Num): number | undefined {
		if (num.value >= BigInt(this.cpus)) {
			this.error('SCN010', `This scenario has ${this.cpus} CPUs (cpu0 to cpu${this.cpus - 1}); found cpu${num.value}.`, num);
			return undefined;
		}

		return Number(num.value);
	}

	private step(statement: Extract<Statement, {kind: 'step'}>): Step | undefined {
		const cpu = this.cpu(statement.cpu);
		const action = this.action(statement.action);
		if (cpu === undefined || action === undefined) {
			return undefined;
		}

		return {cpu, action, line: this.line(statement.offset)};
	}

	private action(node: ActionNode): Action | undefined {
		switch (node.kind) {
			case 'switch': {
				if (node.pmap.value === 'kernel') {
					return {kind: 'switch', pmap: VMSPACE0_PMAP};
				}

				const pmap = this.pmap(node.pmap);
				return pmap === undefined ? undefined : {kind: 'switch', pmap};
			}

			case 'user':
			case 'kernel': {
				return {kind: node.kind};
			}

			case 'read':
			case 'write': {
				const vpn = this.virtual(node.va, undefined);
				return vpn === undefined ? undefined : {kind: 'access', vpn, write: node.kind === 'write'};
			}

			case 'enter': {
				const pmap = this.pmap(node.pmap);
				const vpn = pmap === undefined ? undefined : this.virtual(node.va, pmap);
				const pfn = this.physical(node.pa);
				if (pmap === undefined || vpn === undefined || pfn === undefined) {
					return undefined;
				}

				return {kind: 'enter', pmap, vpn, pfn, perms: (node.perms?.value ?? 'rw') as Perms};
			}

			case 'remove':
			case 'protect': {
				const pmap = this.pmap(node.pmap);
				const sva = pmap === undefined ? undefined : this.virtual(node.va, pmap);
				if (pmap === undefined || sva === undefined) {
					return undefined;
				}

				const eva = node.vaEnd === undefined ? sva + 1 : this.rangeEnd(sva, node.vaEnd, pmap);
				if (eva === undefined) {
					return undefined;
				}

				return node.kind === 'remove'
					? {kind: 'remove', pmap, sva, eva}
					: {kind: 'protect', pmap, sva, eva, perms: node.perms.value as Perms};
			}

			case 'invalidate': {
				const pmap = this.pmap(node.pmap);
				if (pmap === undefined) {
					return undefined;
				}

				if (node.va === undefined) {
					return {kind: 'invalidate', pmap, range: {kind: 'all'}};
				}

				const sva = this.virtual(node.va, pmap);
				if (sva === undefined) {
					return undefined;
				}

				if (node.vaEnd === undefined) {
					return {kind: 'invalidate', pmap, range: {kind: 'page', vpn: sva}};
				}

				const eva = this.rangeEnd(sva, node.vaEnd, pmap);
				return eva === undefined ? undefined : {kind: 'invalidate', pmap, range: {kind: 'range', sva, eva}};
			}

			case 'pte': {
				const pmap = this.pmap(node.pmap);
				const vpn = pmap === undefined ? undefined : this.virtual(node.va, pmap);
				const pfn = node.pa === undefined ? undefined : this.physical(node.pa);
				if (pmap === undefined || vpn === undefined || (node.pa !== undefined && pfn === undefined)) {
					return undefined;
				}

				return {kind: 'pte', pmap, vpn, pfn, perms: (node.perms?.value ?? 'rw') as Perms};
			}

			case 'pinit': {
				const pmap = this.userPmap(node.pmap);
				return pmap === undefined ? undefined : {kind: 'pinit', pmap};
			}

			default: {
				return node satisfies never;
			}
		}
	}

	private expect(statement: Statement, claim: ExpectNode): void {
		const text = this.source.body.slice(statement.offset, statement.offset + statement.length);
		const line = this.line(statement.offset);
		const check = this.check(claim);
		if (check === undefined) {
			return;
		}

		const whole = check.kind === 'no-stale' || check.kind === 'stale';
		this.expectations.push({text, line, afterBlocks: whole ? Number.POSITIVE_INFINITY : this.blocks.length, check});
	}

	private check(claim: ExpectNode): Check | undefined {
		switch (claim.kind) {
			case 'tlb': {
				const cpu = this.cpu(claim.cpu);
				const pmap = this.pmap(claim.pmap);
				const vpn = pmap === undefined ? undefined : this.virtual(claim.va, pmap);
				const pfn = claim.pa === undefined ? undefined : this.physical(claim.pa);
				if (cpu === undefined || pmap === undefined || vpn === undefined || (claim.pa !== undefined && pfn === undefined)) {
					return undefined;
				}

				return {kind: 'tlb', cpu, has: claim.has, pmap, vpn, pfn};
			}

			case 'pm_active': {
				const pmap = this.pmap(claim.pmap);
				const cpus = claim.cpus.map(num => this.cpu(num));
				if (pmap === undefined || cpus.includes(undefined)) {
					return undefined;
				}

				return {kind: 'pm_active', pmap, cpus: cpus as number[]};
			}

			case 'pm_gen': {
				const pmap = this.pmap(claim.pmap);
				const cpu = this.cpu(claim.cpu);
				if (claim.value.value > 0xff_ff_ff_ffn) {
					this.error('SCN007', `Expected a generation below 2^32, found ${claim.value.value}.`, claim.value);
					return undefined;
				}

				if (pmap === undefined || cpu === undefined) {
					return undefined;
				}

				return {kind: 'pm_gen', pmap, cpu, op: claim.op as '==' | '!=', value: Number(claim.value.value)};
			}

			case 'count': {
				const name = claim.event.value;
				if (!(eventNames as readonly string[]).includes(name)) {
					this.error('SCN006', `Unknown event "${name}"; events are ${contractedEvents.join(', ')}.`, claim.event);
					return undefined;
				}

				const fields = [...eventFieldNames[name as EventName], ...commonFields];
				let ok = true;
				for (const {field} of claim.filters) {
					if (!fields.includes(field.value)) {
						this.error('SCN004', `Expected a field of ${name} (${fields.join(', ')}), found "${field.value}".`, field);
						ok = false;
					}
				}

				if (claim.n.value > BigInt(Number.MAX_SAFE_INTEGER)) {
					this.error('SCN007', `Expected a count below 2^53, found ${claim.n.value}.`, claim.n);
					ok = false;
				}

				if (!ok) {
					return undefined;
				}

				return {
					kind: 'count',
					event: name,
					filters: claim.filters.map(({field, value}) => [field.value, value.value] as const),
					op: claim.op,
					n: Number(claim.n.value),
				};
			}

			case 'no-stale':
			case 'stale': {
				return {kind: claim.kind};
			}

			default: {
				return claim satisfies never;
			}
		}
	}
}

/** Compiles parsed STATEMENTS of SOURCE. */
export function compile(source: Source, statements: readonly Statement[], options: CompileOptions = {}): CompileResult {
	const compiler = new Compiler(source, options);
	const scenario = compiler.compile(statements);
	return {scenario: compiler.diagnostics.length > 0 ? undefined : scenario, diagnostics: compiler.diagnostics.sort((a, b) => a.offset - b.offset)};
}
