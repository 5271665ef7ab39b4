/**
 * A typed way to write engine programs in code (the conformance cases of `table`, the
 * tests, the benchmarks): pmaps by name, byte addresses, one call per step. Scenario
 * files compile to the same Program.
 */
import {PAGE_SIZE} from './constants.js';
import type {LitmusInstr, LitmusWord} from './memory/litmus.js';
import type {Action, Block, Program, Step} from './program.js';
import {KERNEL_PMAP, VMSPACE0_PMAP, type Perms, type PmapId} from './state.js';

/** A byte address, as scenarios write it. */
export type Address = number | bigint;

/** Page number of a byte address (rounded down, as the scenario language says). */
export function vpnOf(address: Address): number {
	return Number(BigInt(address) / BigInt(PAGE_SIZE));
}

/** Builds a Program step by step. */
export class ProgramBuilder {
	readonly cpus: number;
	private readonly names = new Map<string, PmapId>([
		['kernel', KERNEL_PMAP],
		['vmspace0', VMSPACE0_PMAP],
	]);

	private readonly pmaps: Array<{name: string; kpti: boolean}> = [];
	private readonly maps: Array<{pmap: PmapId; vpn: number; pfn: number; perms: Perms}> = [];
	private readonly blocks: Block[] = [];
	private line = 0;

	constructor(cpus: number) {
		this.cpus = cpus;
	}

	/** Declares user pmaps (`pmap NAME ...`). */
	pmap(...names: string[]): this {
		for (const name of names) {
			this.names.set(name, this.pmaps.length + 2);
			this.pmaps.push({name, kpti: true});
		}

		return this;
	}

	/** `kpti PMAP off`. */
	noKpti(name: string): this {
		const entry = this.pmaps.find(pmap => pmap.name === name);
		if (entry) {
			entry.kpti = false;
		}

		return this;
	}

	/** `map PMAP VA -> PA [PERMS]`. */
	map(name: string, va: Address, pa: Address, perms: Perms = 'rw'): this {
		this.maps.push({pmap: this.id(name), vpn: vpnOf(va), pfn: vpnOf(pa), perms});
		return this;
	}

	/** The id of a pmap name; `kernel` in `switch` means vmspace0 (a kernel thread). */
	id(name: string): PmapId {
		const id = this.names.get(name);
		if (id === undefined) {
			throw new Error(`undeclared pmap ${name}`);
		}

		return id;
	}

	/** One sequential step. */
	at(cpu: number, action: Action): this {
		this.line++;
		this.blocks.push({line: this.line, steps: [{cpu, action, line: this.line}]});
		return this;
	}

	/** A parallel block of steps. */
	parallel(...steps: Array<[number, Action]>): this {
		this.line++;
		const blockLine = this.line;
		const list: Step[] = steps.map(([cpu, action]) => ({cpu, action, line: ++this.line}));
		this.blocks.push({line: blockLine, steps: list});
		return this;
	}

	/** Line number the next step will get. */
	get nextLine(): number {
		return this.line + 1;
	}

	/** The program. */
	build(): Program {
		return {cpus: this.cpus, pmaps: this.pmaps.map(p => ({...p})), maps: [...this.maps], blocks: [...this.blocks]};
	}

	/** Action helpers, named as the scenario language names them. */
	switchTo(name: string): Action {
		return {kind: 'switch', pmap: name === 'kernel' ? VMSPACE0_PMAP : this.id(name)};
	}

	read(va: Address): Action {
		return {kind: 'access', vpn: vpnOf(va), write: false};
	}

	write(va: Address): Action {
		return {kind: 'access', vpn: vpnOf(va), write: true};
	}

	enter(name: string, va: Address, pa: Address, perms: Perms = 'rw'): Action {
		return {kind: 'enter', pmap: this.id(name), vpn: vpnOf(va), pfn: vpnOf(pa), perms};
	}

	remove(name: string, va: Address, vaEnd?: Address): Action {
		const sva = vpnOf(va);
		return {kind: 'remove', pmap: this.id(name), sva, eva: vaEnd === undefined ? sva + 1 : vpnOf(vaEnd)};
	}

	protect(name: string, va: Address, vaEnd: Address | undefined, perms: Perms): Action {
		const sva = vpnOf(va);
		return {kind: 'protect', pmap: this.id(name), sva, eva: vaEnd === undefined ? sva + 1 : vpnOf(vaEnd), perms};
	}

	invalidatePage(name: string, va: Address): Action {
		return {kind: 'invalidate', pmap: this.id(name), range: {kind: 'page', vpn: vpnOf(va)}};
	}

	invalidateRange(name: string, va: Address, vaEnd: Address): Action {
		return {kind: 'invalidate', pmap: this.id(name), range: {kind: 'range', sva: vpnOf(va), eva: vpnOf(vaEnd)}};
	}

	invalidateAll(name: string): Action {
		return {kind: 'invalidate', pmap: this.id(name), range: {kind: 'all'}};
	}

	pte(name: string, va: Address, pa: Address | undefined, perms: Perms = 'rw'): Action {
		return {kind: 'pte', pmap: this.id(name), vpn: vpnOf(va), pfn: pa === undefined ? undefined : vpnOf(pa), perms};
	}

	pinit(name: string): Action {
		return {kind: 'pinit', pmap: this.id(name)};
	}

	/** A litmus word: `pm_gen P cpuN`, `pm_active P cpuN` (0 or 1), or `pte P VA` (0: none, else a page number). */
	word(word: 'pm_gen' | 'pm_active', name: string, cpu: number): LitmusWord;
	word(word: 'pte', name: string, va: Address): LitmusWord;
	word(word: LitmusWord['word'], name: string, where: number | Address): LitmusWord {
		return word === 'pte' ? {word, pmap: this.id(name), vpn: vpnOf(where)} : {word, pmap: this.id(name), cpu: Number(where)};
	}

	/** Litmus instructions: MOV [x] <- v, MOV r <- [x], MFENCE, XCHG. */
	static litmus(instr: LitmusInstr): Action {
		return {kind: 'litmus', instr};
	}

	/** `user` / `kernel`. */
	static readonly user: Action = {kind: 'user'};
	static readonly kernel: Action = {kind: 'kernel'};
}
