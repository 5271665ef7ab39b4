/**
 * From statements to an engine Program plus expectations: name resolution, ranges,
 * address halves, block structure. Semantic problems become diagnostics like syntax
 * ones; every problem of a file is reported, not just the first.
 */
import {ablationKernel, allAblations, eventTable, type Ablation, type Block, type EventName, type Kernel, type MemoryModel, type Mode, type Perms, type Program, type Step} from '../engine/index.js';
import {headerKinds, type ExpectNode, type Statement} from './ast.js';
import {compileAction, compileCheck} from './compile-action.js';
import type {Diagnostic} from './diagnostics.js';
import type {Expectation} from './expectations.js';
import {Resolver} from './resolve.js';
import {getLocation, type Source} from './source.js';

/** A scenario ready to run. */
export type Scenario = {
	readonly source: Source;
	readonly title: string;
	readonly cpus: number;
	readonly mode: Mode;
	readonly invpcid: boolean;
	/** `memory sc|tso`: sequentially consistent memory (the default) or x86-TSO store buffers. */
	readonly memory: MemoryModel;
	readonly ablate: readonly Ablation[];
	/** `require mode ...`: the modes the scenario is meaningful in (undefined: all). */
	readonly require: readonly Mode[] | undefined;
	/** `kernel K`: whose TLB code runs unless --kernel says otherwise (FreeBSD by default). */
	readonly kernel: Kernel;
	/** `require kernel ...`: the kernels the scenario means something under (undefined: both). */
	readonly requireKernel: readonly Kernel[] | undefined;
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

class Compiler extends Resolver {
	private readonly pmaps: Array<{name: string; kpti: boolean}> = [];
	private readonly maps: Array<{pmap: number; vpn: number; pfn: number; perms: Perms}> = [];
	private readonly blocks: Block[] = [];
	private readonly expectations: Expectation[] = [];
	private readonly stepLines: number[] = [];
	private title: string;
	private mode: Mode = 'pcid';
	private invpcid = true;
	private memory: MemoryModel = 'sc';
	private readonly ablate: Ablation[] = [];
	private require: Mode[] | undefined;
	private requireKernel: Kernel[] | undefined;
	private readonly source: Source;
	private readonly options: CompileOptions;

	constructor(source: Source, options: CompileOptions) {
		super();
		this.source = source;
		this.options = options;
		this.title = source.name.split('/').at(-1) ?? source.name;
		// `--cpus N` holds for the whole file: a `parallel` block or an expectation
		// before the first ordinary step names CPUs of the overridden machine too.
		if (options.cpus !== undefined) {
			this.cpus = options.cpus;
			this.cpusFromFlag = true;
		}
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
					seenStep = true;
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

		if (this.diagnostics.length > 0) {
			return undefined;
		}

		return {
			source: this.source,
			title: this.title,
			cpus: this.cpus,
			mode: this.mode,
			invpcid: this.invpcid,
			memory: this.memory,
			ablate: this.ablate,
			require: this.require,
			kernel: this.kernel,
			requireKernel: this.requireKernel,
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

				// Checked even when `--cpus` overrides it: the file stays valid on its own.
				if (this.options.cpus === undefined) {
					this.cpus = Number(n);
				}

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

			case 'memory': {
				this.memory = statement.model.value as MemoryModel;
				if (this.memory === 'tso' && this.kernel === 'linux') {
					// The Linux module's stores are not buffered (README, "Linux": where the model departs).
					this.error('SCN004', 'Expected memory sc under kernel linux (x86-TSO store buffers are modelled for FreeBSD\'s pmap only), found "tso".', statement.model);
				}

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
				if (!(allAblations() as readonly string[]).includes(name)) {
					// Named: the scenario's own kernel's (the other kernel's names are accepted too).
					const own = allAblations().filter(ablation => ablationKernel(ablation) === this.kernel);
					this.error('SCN004', `Expected an ablation (${own.join(', ')}), found "${name}".`, statement.name);
					return;
				}

				this.ablate.push(name as Ablation);
				return;
			}

			case 'require': {
				this.require = statement.modes.map(mode => mode.value as Mode);
				return;
			}

			case 'kernel': {
				this.kernel = statement.kernel.value as Kernel;
				if (this.kernel === 'linux' && this.memory === 'tso') {
					this.error('SCN004', 'Expected kernel freebsd after memory tso (x86-TSO store buffers are modelled for FreeBSD\'s pmap only), found "linux".', statement.kernel);
				}

				return;
			}

			case 'require-kernel': {
				this.requireKernel = statement.kernels.map(kernel => kernel.value as Kernel);
				return;
			}

			default: {
				return;
			}
		}
	}


	private step(statement: Extract<Statement, {kind: 'step'}>): Step | undefined {
		const cpu = this.cpu(statement.cpu);
		const action = compileAction(this, statement.action);
		if (cpu === undefined || action === undefined) {
			return undefined;
		}

		return {cpu, action, line: this.line(statement.offset)};
	}


	private expect(statement: Statement, claim: ExpectNode): void {
		const text = this.source.body.slice(statement.offset, statement.offset + statement.length);
		const line = this.line(statement.offset);
		const check = compileCheck(this, claim);
		if (check === undefined) {
			return;
		}

		const whole = check.kind === 'no-stale' || check.kind === 'stale';
		this.expectations.push({text, line, afterBlocks: whole ? Number.POSITIVE_INFINITY : this.blocks.length, check, kernel: kernelOfCheck(check)});
	}

}

/** The kernel whose words a check uses: FreeBSD's pmap fields and events, Linux's, or the hardware's (undefined). */
function kernelOfCheck(check: Expectation['check']): Kernel | undefined {
	switch (check.kind) {
		case 'pm_active':
		case 'pm_gen': {
			return 'freebsd';
		}

		case 'mm_cpumask':
		case 'tlb_gen':
		case 'loaded_mm':
		case 'is_lazy': {
			return 'linux';
		}

		case 'count': {
			const {kernel} = eventTable[check.event as EventName];
			return kernel === 'both' ? undefined : kernel;
		}

		case 'tlb':
		case 'no-stale':
		case 'stale': {
			return undefined;
		}

		default: {
			return check satisfies never;
		}
	}
}

/** Compiles parsed STATEMENTS of SOURCE. */
export function compile(source: Source, statements: readonly Statement[], options: CompileOptions = {}): CompileResult {
	const compiler = new Compiler(source, options);
	const scenario = compiler.compile(statements);
	return {scenario: compiler.diagnostics.length > 0 ? undefined : scenario, diagnostics: compiler.diagnostics.sort((a, b) => a.offset - b.offset)};
}
