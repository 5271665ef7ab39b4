/**
 * What `why` adds under --memory tso: the store that was still in its CPU's store buffer
 * when another CPU's load (or page walk) read memory, the x86-TSO store-buffering shape
 * (SB) behind each race the fences and locked instructions of pmap.c close.
 */
import type {EngineEvent} from '../engine/index.js';

type SbStore = Extract<EngineEvent, {event: 'sb_store'}>;

/**
 * The sb_flush that took STORE to memory, if any: a buffer is FIFO, so the k-th store of a
 * word by a CPU reaches memory with that CPU's k-th flush of the word.
 */
function flushOf(events: readonly EngineEvent[], store: SbStore): EngineEvent | undefined {
	const same = (event: EngineEvent, name: 'sb_store' | 'sb_flush') => event.event === name && event.cpu === store.cpu && event.word === store.word;
	const k = events.filter(event => same(event, 'sb_store') && event.step <= store.step).indexOf(store);
	return events.filter(event => same(event, 'sb_flush'))[k];
}

/** The sb_store of WORD (by WRITER, if given) made before STEP and not yet in memory at STEP, if any. */
export function bufferedAt(events: readonly EngineEvent[], word: string, step: number, writer?: number): SbStore | undefined {
	const stores = events.filter((event): event is SbStore => event.event === 'sb_store' && event.word === word && event.step < step && (writer === undefined || event.cpu === writer));
	return stores.findLast(store => {
		const flushed = flushOf(events, store);
		return flushed === undefined || flushed.step > step;
	});
}

/** When STORE reached memory: `at step N (drained by lock-addl in F)`, or not yet. */
function reached(events: readonly EngineEvent[], store: SbStore): string {
	const flushed = flushOf(events, store);
	if (flushed === undefined) {
		return 'it has not reached memory yet';
	}

	const fence = events.find(event => event.event === 'fence' && event.cpu === store.cpu && event.step === flushed.step);
	return `it reached memory at step ${flushed.step}${fence?.event === 'fence' ? ` (drained by ${fence.instr} in ${fence.by})` : ' (a flush of its own)'}`;
}

/** `cpu0's store pte(P,0x400000)=none (step 3, line 29, pmap_remove_pte) was still in its store buffer when ...` */
export function stillBuffered(events: readonly EngineEvent[], store: SbStore, when: string): string {
	return `  x86-TSO: cpu${store.cpu}'s plain store ${store.word}=${store.value} (step ${store.step}, line ${store.line}, in ${store.by}) was still in its store buffer when ${when}; ${reached(events, store)}.`;
}
