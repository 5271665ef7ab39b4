/**
 * What `pmapdbg diff` counts per statement and over a run: the work a reviewer of a
 * pmap change asks about (IPIs, interrupted CPUs, flushes by kind, PCID allocations,
 * micro-operations), computed from events alone so that a JSON trace and a fresh run
 * count alike.
 */
import type {DiffEvent} from './diff-event.js';

/** The counts, in the order they are printed. */
export const countNames = [
	'micro_ops',
	'ipis',
	'cpus_interrupted',
	'invlpg',
	'invpcid_addr',
	'invpcid_ctx',
	'invpcid_ctxglob',
	'invpcid_allctx',
	'cr3_flush',
	'invltlb_glob',
	'pcid_alloc',
] as const;

/** One count's name. */
export type CountName = (typeof countNames)[number];

/** How the text output names each count. */
export const countLabels: Readonly<Record<CountName, string>> = {
	micro_ops: 'micro-operations',
	ipis: 'IPIs sent',
	cpus_interrupted: 'CPUs interrupted',
	invlpg: 'INVLPG',
	invpcid_addr: 'INVPCID(ADDR)',
	invpcid_ctx: 'INVPCID(CTX)',
	invpcid_ctxglob: 'INVPCID(CTXGLOB)',
	invpcid_allctx: 'INVPCID(ALLCTX)',
	cr3_flush: 'CR3 loads that flush',
	invltlb_glob: 'invltlb_glob',
	pcid_alloc: 'PCID allocations',
};

/** Counts by name. */
export type Counts = Readonly<Record<CountName, number>>;

/**
 * The counts of EVENTS: micro-operations are the distinct steps they came from (a step
 * is one micro-operation of one CPU), CPUs interrupted the distinct CPUs that handled a
 * request.
 */
export function countEvents(events: readonly DiffEvent[]): Counts {
	const counts: Record<CountName, number> = Object.fromEntries(countNames.map(name => [name, 0])) as Record<CountName, number>;
	const steps = new Set<number>();
	const interrupted = new Set<number>();
	for (const event of events) {
		steps.add(event.step);
		switch (event.event) {
			case 'ipi_send': {
				counts.ipis++;
				break;
			}

			case 'ipi_handle': {
				interrupted.add(event.cpu);
				break;
			}

			case 'invlpg': {
				counts.invlpg++;
				break;
			}

			case 'invpcid': {
				counts[`invpcid_${event.fields['type'] as 'addr' | 'ctx' | 'ctxglob' | 'allctx'}`]++;
				break;
			}

			case 'cr3_load': {
				if (event.fields['flush'] === true) {
					counts.cr3_flush++;
				}

				break;
			}

			case 'invltlb_glob': {
				counts.invltlb_glob++;
				break;
			}

			case 'pcid_alloc': {
				counts.pcid_alloc++;
				break;
			}

			// Linux's allocation: choose_new_asid took a new ctxs[] slot (next_asid).
			case 'choose_new_asid': {
				if (event.fields['slot'] === 'new') {
					counts.pcid_alloc++;
				}

				break;
			}

			default: {
				break;
			}
		}
	}

	counts.micro_ops = steps.size;
	counts.cpus_interrupted = interrupted.size;
	return counts;
}
