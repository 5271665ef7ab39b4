/**
 * For each ablation, a program and schedule on which removing the rule lets a CPU use a
 * stale translation (spec 6.2, 6.4, 8.1, 8.3, 8.4), while the faithful protocol does not.
 * The tests run them; the shipped scenarios tell the same stories in scenario syntax.
 */
import type {Ablation, MemoryModel, Mode} from './config.js';
import {ProgramBuilder} from './builder.js';
import type {Program} from './program.js';
import type {Choice} from './step.js';

/** A demonstration of why one rule exists. */
export type AblationDemo = {
	readonly ablation: Ablation;
	readonly modes: readonly Mode[];
	readonly invpcid: boolean;
	/** The memory model the rule matters in (sc when absent: the rule matters in both). */
	readonly memory?: MemoryModel;
	readonly program: Program;
	/**
	 * Inside the parallel block: CPUs to run, one per micro-operation (or a store-buffer
	 * flush, `{cpu, kind: 'flush'}`), then the default order.
	 */
	readonly schedule: ReadonlyArray<number | Choice>;
	readonly story: string;
};

const VA = 0x40_0000;
const KVA = 0xff_ff_80_00_00_40_00_00n;
const {user, kernel} = ProgramBuilder;

/** T (cpu1) ran P, cached va, and switched to a kernel thread. */
function targetRanP(b: ProgramBuilder): ProgramBuilder {
	return b.at(1, b.switchTo('P')).at(1, user).at(1, b.read(VA)).at(1, kernel).at(1, b.switchTo('kernel'));
}

/** Every demonstration. */
export function ablationDemos(): AblationDemo[] {
	const demos: AblationDemo[] = [];

	{
		// 6.2(a): inactive CPUs are covered only by zeroing pm_gen.
		const b = new ProgramBuilder(2).pmap('P').map('P', VA, 0x1000);
		targetRanP(b).at(0, b.switchTo('P')).at(0, b.remove('P', VA));
		b.at(1, b.switchTo('P')).at(1, user).at(1, b.read(VA));
		demos.push({
			ablation: 'no-pm-gen-zero',
			modes: ['pcid', 'pti-pcid'],
			invpcid: true,
			program: b.build(),
			schedule: [],
			story: 'T switches back to P with its cached PCID and PCID_SAVE: the entry survives',
		});
	}

	{
		// 6.2(b): a CPU running P never consults pm_gen again; only the IPI reaches it.
		const b = new ProgramBuilder(2).pmap('P').map('P', VA, 0x1000);
		b.at(1, b.switchTo('P')).at(1, user).at(1, b.read(VA));
		b.at(0, b.switchTo('P')).at(0, b.remove('P', VA)).at(1, b.read(VA));
		demos.push({
			ablation: 'no-ipi-active',
			modes: ['pcid', 'pti-pcid', 'nopcid', 'pti'],
			invpcid: true,
			program: b.build(),
			schedule: [],
			story: 'T keeps running P in user mode and reads through its cached entry',
		});
	}

	{
		// 6.2(c), 8.3 (EN-22:04): zeroing after the pm_active read races with the switch.
		const b = new ProgramBuilder(2).pmap('P').map('P', VA, 0x1000);
		targetRanP(b).at(0, b.switchTo('P'));
		b.parallel([0, b.remove('P', VA)], [1, b.switchTo('P')]);
		b.at(1, user).at(1, b.read(VA));
		demos.push({
			ablation: 'late-pm-gen-zero',
			modes: ['pcid', 'pti-pcid'],
			invpcid: true,
			program: b.build(),
			// I: PTE store, pm_active read (T absent); T: the whole switch (gen still valid);
			// then I zeroes T's pm_gen, too late.
			schedule: [0, 0, 1, 1, 1, 1, 1],
			story: 'I reads pm_active before T sets its bit; T reads pm_gen before I zeroes it',
		});
	}

	{
		// 8.1 (r306350): an IPI between the CR3 load and the curpmap store.
		const b = new ProgramBuilder(2).pmap('P').map('P', VA, 0x1000).map('P', VA + 0x1000, 0x3000);
		targetRanP(b).at(0, b.switchTo('P'));
		b.parallel([1, b.switchTo('P')], [0, b.remove('P', VA, VA + 0x2000)]);
		b.at(1, user).at(1, b.read(VA));
		demos.push({
			ablation: 'switch-irq-enabled',
			modes: ['pcid'],
			invpcid: false,
			program: b.build(),
			// T: context_switch, pm_active_set, alloc + CR3 load with PCID_SAVE; I: two PTE
			// stores, zero T's pm_gen (too late), read pm_active (T present), publish, send;
			// T takes the IPI before curpmap := P, so invltlb_pcid_handler does nothing.
			schedule: [1, 1, 1, 0, 0, 0, 0, 0, 0, 1],
			story: 'invltlb_pcid_handler sees curpmap != P while %cr3 already holds P',
		});
	}

	{
		// 6.4: a pending user-table flush dropped by a context switch.
		const b = new ProgramBuilder(1).pmap('P').map('P', VA, 0x1000).map('P', VA + 0x1000, 0x3000);
		b.at(0, b.switchTo('P')).at(0, user).at(0, b.read(VA)).at(0, kernel);
		b.at(0, b.remove('P', VA, VA + 0x2000));
		b.at(0, b.switchTo('kernel')).at(0, b.switchTo('P')).at(0, user).at(0, b.read(VA));
		demos.push({
			ablation: 'mask-reset-only',
			modes: ['pti-pcid'],
			invpcid: true,
			program: b.build(),
			schedule: [],
			story: 'the local invalidate_all deferred the user-table flush; the switch dropped it',
		});
	}

	{
		// 8.4 (r328470): kernel PTEs are not global under PTI.
		const b = new ProgramBuilder(2).pmap('P', 'Q').map('kernel', KVA, 0x2000);
		// T caches the kernel page under Q's PCID, then runs P (returning to user once, so
		// that no user-table flush is pending when it switches back).
		b.at(1, b.switchTo('Q')).at(1, user).at(1, kernel).at(1, b.read(KVA));
		b.at(1, b.switchTo('P')).at(1, user);
		b.at(0, b.remove('kernel', KVA));
		b.at(1, kernel).at(1, b.switchTo('Q')).at(1, b.read(KVA));
		demos.push({
			ablation: 'kpt-save-on-switch',
			modes: ['pti-pcid'],
			invpcid: true,
			program: b.build(),
			schedule: [],
			story: 'the broadcast INVLPG cleaned only P\'s PCID on T; Q\'s PCID kept the kernel entry',
		});
	}

	{
		// 6.4: pmap recycling. The exited process's entries survive under its PCID.
		const b = new ProgramBuilder(1).pmap('P').map('P', VA, 0x1000);
		b.at(0, b.switchTo('P')).at(0, user).at(0, b.read(VA)).at(0, kernel).at(0, b.switchTo('kernel'));
		b.at(0, b.pinit('P')).at(0, b.enter('P', VA, 0x2000));
		b.at(0, b.switchTo('P')).at(0, user).at(0, b.read(VA));
		demos.push({
			ablation: 'pinit-no-reset',
			modes: ['pcid', 'pti-pcid'],
			invpcid: true,
			program: b.build(),
			schedule: [],
			story: 'the recycled pmap presents the old PCID with a current generation and loads it with PCID_SAVE',
		});
	}

	demos.push(...tsoDemos());
	return demos;
}

const flush = (cpu: number): Choice => ({cpu, kind: 'flush'});

/**
 * The rules that only matter with store buffers (x86-TSO): under sc the same programs
 * and schedules are safe with the ablation too (test/engine/ablations.test.ts).
 */
function tsoDemos(): AblationDemo[] {
	const demos: AblationDemo[] = [];
	{
		// pmap_invalidate_preipi_pcid's fence: I's pm_gen zero waits in its buffer.
		const b = new ProgramBuilder(2).pmap('P').map('P', VA, 0x1000);
		targetRanP(b);
		b.parallel([0, b.remove('P', VA)], [1, b.switchTo('P')]);
		b.at(1, user).at(1, b.read(VA));
		demos.push({
			ablation: 'no-preipi-fence',
			modes: ['pcid', 'pti-pcid'],
			invpcid: true,
			memory: 'tso',
			program: b.build(),
			// I: lock, XCHG, the pm_gen store (buffered), pm_active (T absent); T: begin, LOCK OR,
			// pmap_pcid_alloc (gen still valid in memory); I starts; T: CR3 with PCID_SAVE ...
			schedule: [0, 0, 0, 0, 1, 1, 1, 0, 1, 1, 1],
			story: 'I\'s pm_gen zero is still buffered when T loads pm_gen; I loads pm_active before T\'s bit',
		});
	}

	{
		// The reciprocal fence: T's pm_active bit waits in its buffer.
		const b = new ProgramBuilder(2).pmap('P').map('P', VA, 0x1000);
		targetRanP(b);
		b.parallel([1, b.switchTo('P')], [0, b.remove('P', VA)]);
		b.at(1, user).at(1, b.read(VA));
		demos.push({
			ablation: 'pm-active-plain',
			modes: ['pcid', 'pti-pcid'],
			invpcid: true,
			memory: 'tso',
			program: b.build(),
			// I: lock, XCHG, pm_gen zero; T: begin, MOV pm_active (buffered), pmap_pcid_alloc
			// (gen still valid); I: fence and pm_active (T absent) ...
			schedule: [0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1],
			story: 'T\'s pm_active bit is still buffered when I loads pm_active; T loads pm_gen before I\'s zero',
		});
	}

	{
		// The removed N.B.: I's PTE clear waits in its buffer past the pm_active load (no PCID: no fence).
		const b = new ProgramBuilder(2).pmap('P').map('P', VA, 0x1000);
		b.at(0, b.switchTo('kernel'));
		b.parallel([0, b.remove('P', VA)], [1, b.switchTo('P')], [1, user], [1, b.read(VA)]);
		b.at(1, b.read(VA));
		demos.push({
			ablation: 'pte-plain-store',
			modes: ['nopcid', 'pti'],
			invpcid: false,
			memory: 'tso',
			program: b.build(),
			// I: lock, MOV pte (buffered), pm_active (T absent); T: the switch, user mode, the
			// walk that reads the old PTE from memory ...
			schedule: [0, 0, 1, 1, 1, 1, 1, 1, 1, 0],
			story: 'I loads pm_active before T sets its bit; T walks the old PTE, I\'s clear still buffered',
		});
	}

	return demos;
}
