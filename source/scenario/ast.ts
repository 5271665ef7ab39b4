/** The scenario syntax tree: one node per statement, every value with its position. */

/** A word as written, with its position. */
export type Name = {readonly value: string; readonly offset: number; readonly length: number};

/** A number as written, with its position. */
export type Num = {readonly value: bigint; readonly offset: number; readonly length: number};

/** `cpuN`. */
export type CpuRef = Num;

/** A step's action (scenario-language.md "Steps"). */
export type ActionNode =
	| {readonly kind: 'switch'; readonly pmap: Name}
	| {readonly kind: 'user' | 'kernel'}
	| {readonly kind: 'read' | 'write'; readonly va: Num}
	| {readonly kind: 'enter'; readonly pmap: Name; readonly va: Num; readonly pa: Num; readonly perms: Name | undefined}
	| {readonly kind: 'remove'; readonly pmap: Name; readonly va: Num; readonly vaEnd: Num | undefined}
	| {readonly kind: 'protect'; readonly pmap: Name; readonly va: Num; readonly vaEnd: Num | undefined; readonly perms: Name}
	| {readonly kind: 'invalidate'; readonly pmap: Name; readonly va: Num | undefined; readonly vaEnd: Num | undefined}
	| {readonly kind: 'pte'; readonly pmap: Name; readonly va: Num; readonly pa: Num | undefined; readonly perms: Name | undefined}
	| {readonly kind: 'pinit'; readonly pmap: Name};

/** Comparison operators of `expect count` and `expect pm_gen`. */
export type Op = '==' | '!=' | '>=' | '<=' | '>' | '<';

/** An `expect` statement's claim. */
export type ExpectNode =
	| {readonly kind: 'tlb'; readonly cpu: CpuRef; readonly has: boolean; readonly pmap: Name; readonly va: Num; readonly pa: Num | undefined}
	| {readonly kind: 'pm_active'; readonly pmap: Name; readonly cpus: readonly Num[]}
	| {readonly kind: 'pm_gen'; readonly pmap: Name; readonly cpu: CpuRef; readonly op: Op; readonly value: Num}
	| {readonly kind: 'count'; readonly event: Name; readonly filters: ReadonlyArray<{readonly field: Name; readonly value: Name}>; readonly op: Op; readonly n: Num}
	/** Linux: mm_cpumask(PMAP) is exactly those CPUs. */
	| {readonly kind: 'mm_cpumask'; readonly pmap: Name; readonly cpus: readonly Num[]}
	/** Linux: PMAP's mm->context.tlb_gen compared with a number. */
	| {readonly kind: 'tlb_gen'; readonly pmap: Name; readonly op: Op; readonly value: Num}
	/** Linux: cpuN's cpu_tlbstate.loaded_mm is PMAP (init_mm for a kernel thread's). */
	| {readonly kind: 'loaded_mm'; readonly cpu: CpuRef; readonly pmap: Name}
	/** Linux: cpuN's cpu_tlbstate_shared.is_lazy. */
	| {readonly kind: 'is_lazy'; readonly cpu: CpuRef; readonly value: boolean}
	| {readonly kind: 'no-stale' | 'stale'};

/** What a statement says. */
export type StatementBody =
	| {readonly kind: 'title'; readonly text: string}
	| {readonly kind: 'cpus'; readonly count: Num}
	| {readonly kind: 'mode'; readonly mode: Name}
	| {readonly kind: 'invpcid'; readonly on: boolean}
	| {readonly kind: 'memory'; readonly model: Name}
	| {readonly kind: 'pmap'; readonly names: readonly Name[]}
	| {readonly kind: 'kpti'; readonly pmap: Name}
	| {readonly kind: 'map'; readonly pmap: Name; readonly va: Num; readonly pa: Num; readonly perms: Name | undefined}
	| {readonly kind: 'ablate'; readonly name: Name}
	| {readonly kind: 'require'; readonly modes: readonly Name[]}
	/** `kernel freebsd|linux`: whose TLB code runs by default. */
	| {readonly kind: 'kernel'; readonly kernel: Name}
	/** `require kernel K [K ...]`: the kernels the scenario means something under. */
	| {readonly kind: 'require-kernel'; readonly kernels: readonly Name[]}
	| {readonly kind: 'parallel'}
	| {readonly kind: 'end'}
	| {readonly kind: 'step'; readonly cpu: CpuRef; readonly action: ActionNode}
	| {readonly kind: 'expect'; readonly claim: ExpectNode};

/** One statement (one line), with its position. */
export type Statement = StatementBody & {readonly offset: number; readonly length: number};

/** Statement kinds that belong to the header (before the first step). */
export const headerKinds = new Set<Statement['kind']>(['title', 'cpus', 'mode', 'invpcid', 'memory', 'pmap', 'kpti', 'map', 'ablate', 'require', 'kernel', 'require-kernel']);
