/**
 * `why cpuN P VA` under Linux (v6.14): the story of a translation in Linux's words.
 * Which fill installed it, which PTE store made it obsolete, which flush returned after
 * it, and why that flush did not reach this CPU: the mm_cpumask the initiator read,
 * should_flush_tlb's answer (lazy, loaded_mm not the mm), flush_tlb_func's generation
 * rules (local_tlb_gen, f->new_tlb_gen, mm_tlb_gen), and a later switch_mm_irqs_off
 * that found its ASID's tlb_gen up to date and kept the entries (CR3_NOFLUSH).
 */
import {formatAddress, formatSet, has, type EngineEvent, type LinuxUnreachable, type MachineState, type TlbEntry} from '../engine/index.js';

const hex = (value: number) => '0x' + value.toString(16);
const at = (event: EngineEvent) => `step ${event.step} (line ${event.line})`;

type Of<E extends EngineEvent['event']> = Extract<EngineEvent, {event: E}>;

/** The last event before STEP (exclusive) that PREDICATE picks. */
function lastBefore<E extends EngineEvent['event']>(events: readonly EngineEvent[], name: E, step: number, predicate: (event: Of<E>) => boolean): Of<E> | undefined {
	for (let i = events.length - 1; i >= 0; i--) {
		const event = events[i]!;
		if (event.step < step && event.event === name && predicate(event as Of<E>)) {
			return event as Of<E>;
		}
	}

	return undefined;
}

/** Why an entry Linux's CPU can never hit again is harmless, with the events that made it so. */
export function linuxHarmless(state: MachineState, events: readonly EngineEvent[], cpu: number, entry: TlbEntry, why: LinuxUnreachable): string[] {
	const pcid = hex(entry.pcid);
	const name = (id: number) => state.pmaps[id]!.name;
	const lx = state.cpus[cpu]!.lx!;
	const end = Number.POSITIVE_INFINITY;
	switch (why.kind) {
		case 'slot-free': {
			const cleared = lastBefore(events, 'ctxs_set', end, event => event.cpu === cpu && event.asid === why.asid && event.ctx_id === 0);
			return [
				`  It can never be hit again: cpu${cpu}'s ctxs[${why.asid}] holds ctx_id 0${cleared ? ` (clear_asid_other at ${at(cleared)})` : ''}, which choose_new_asid never matches; the next mm given ASID ${why.asid} loads CR3 without CR3_NOFLUSH, which flushes pcid ${pcid}. The entry is harmless.`,
			];
		}

		case 'ctx-gone': {
			const renewed = lastBefore(events, 'init_new_context', end, () => true);
			return [
				`  It can never be hit again: cpu${cpu}'s ctxs[${why.asid}].ctx_id is ${lx.ctxs[why.asid]!.ctxId}, which no mm has any more${renewed ? ` (${renewed.mm} got ctx_id ${renewed.ctx_id} from init_new_context at ${at(renewed)})` : ''}: ctx_ids are never reused (f39681ed0f48), so the slot is never matched again and whoever takes it flushes pcid ${pcid}. The entry is harmless.`,
			];
		}

		case 'tlb-gen-behind': {
			const mm = state.pmaps[why.pmap]!.mm!;
			return [
				`  It can never be hit again: cpu${cpu}'s ctxs[${why.asid}].tlb_gen is ${lx.ctxs[why.asid]!.tlbGen}, older than ${name(why.pmap)}'s tlb_gen ${mm.tlbGen}, so cpu${cpu}'s next switch_mm_irqs_off to ${name(why.pmap)} finds need_flush and loads CR3 without CR3_NOFLUSH. The entry is harmless.`,
			];
		}

		case 'invalidate-other': {
			const set = lastBefore(events, 'invalidate_other', end, event => event.cpu === cpu);
			return [
				`  It can never be hit again: invalidate_other is set on cpu${cpu}${set ? ` (flush_tlb_one_kernel at ${at(set)})` : ''}, so the next choose_new_asid runs clear_asid_other and ASID ${why.asid} loses its ctx_id: its next use flushes pcid ${pcid}. The entry is harmless.`,
			];
		}

		case 'user-pcid-flush': {
			const set = lastBefore(events, 'invalidate_user_asid', end, event => event.cpu === cpu && event.asid === why.asid);
			return [
				`  It can never be hit again: user_pcid_flush_mask on cpu${cpu} has the bit of kernel PCID ${why.asid + 1}${set ? ` (invalidate_user_asid at ${at(set)})` : ''}, so SWITCH_TO_USER_CR3 loads user PCID ${pcid} without CR3_NOFLUSH before user code runs. The entry is harmless.`,
			];
		}

		case 'lazy': {
			const mm = state.pmaps[why.pmap]!.mm!;
			return [
				`  It is not used: cpu${cpu} is lazy (a kernel thread on ${name(why.pmap)}'s page tables, which never touches user memory), and ctxs[${why.asid}].tlb_gen ${lx.ctxs[why.asid]!.tlbGen} is older than ${name(why.pmap)}'s ${mm.tlbGen}, so switch_mm_irqs_off back to ${name(why.pmap)} flushes the ASID. The entry is harmless.`,
			];
		}

		case 'no-asid': {
			return [`  It can never be hit again: pcid ${pcid} belongs to no ASID slot (kern_pcid(asid) = asid + 1 for the six slots). The entry is harmless.`];
		}

		default: {
			return why satisfies never;
		}
	}
}

/**
 * Why a Linux flush that returned at DONE did not remove ENTRY from CPU's TLB, which the
 * PTE store CHANGE made obsolete.
 */
export function linuxMissedFlush(state: MachineState, events: readonly EngineEvent[], cpu: number, entry: TlbEntry, change: EngineEvent, done: Of<'shootdown_done'>): string[] {
	const lines: string[] = [];
	const mm = done.pmap;
	const initiator = done.cpu;
	const call = events.filter(event => event.cpu === initiator && event.step > change.step && event.step <= done.step);
	const inc = call.find((event): event is Of<'tlb_gen_inc'> => event.event === 'tlb_gen_inc');
	if (inc) {
		lines.push(`  inc_mm_tlb_gen raised ${mm}'s tlb_gen to ${inc.tlb_gen} at step ${inc.step}.`);
	}

	const mask = call.findLast((event): event is Of<'mm_cpumask_read'> => event.event === 'mm_cpumask_read');
	if (mask) {
		lines.push(`  It read mm_cpumask(${mm}) = ${formatSet(mask.mask)} at step ${mask.step}: cpu${cpu} was ${has(mask.mask, cpu) ? '' : 'not '}in it.`);
	}

	if (initiator === cpu) {
		const func = call.findLast((event): event is Of<'flush_tlb_func'> => event.event === 'flush_tlb_func');
		lines.push(func ? `  It was cpu${cpu}'s own flush: flush_tlb_func at step ${func.step} did ${flushWords(func)}.` : `  It was cpu${cpu}'s own flush, and flush_tlb_func did not run here.`);
	} else {
		const decided = call.find((event): event is Of<'should_flush_tlb'> => event.event === 'should_flush_tlb' && event.to === cpu);
		if (decided) {
			const because = decided.reason === 'lazy' ? 'cpu' + cpu + ' was lazy (it flushes at its next switch)' : decided.reason === 'not-loaded' ? `cpu${cpu}'s loaded_mm was not ${mm}` : `cpu${cpu} ${decided.reason === 'loaded' ? `had ${mm} loaded` : 'is flushed for every kernel flush'}`;
			lines.push(`  should_flush_tlb(cpu${cpu}) answered ${decided.result} at step ${decided.step}: ${because}.`);
		}

		const queued = call.find((event): event is Of<'csd_queue'> => event.event === 'csd_queue' && event.to === cpu);
		const sent = call.find((event): event is Of<'ipi_send'> => event.event === 'ipi_send' && event.to === cpu);
		if (queued) {
			lines.push(`  It queued a csd on cpu${cpu}'s call_single_queue at step ${queued.step}${sent ? `; the IPI went out at step ${sent.step}` : ' (an IPI was already on its way)'}.`);
			const func = events.find((event): event is Of<'flush_tlb_func'> => event.event === 'flush_tlb_func' && event.cpu === cpu && event.step > queued.step);
			if (func) {
				lines.push(`  cpu${cpu}'s flush_tlb_func at step ${func.step} did ${flushWords(func)}.`);
			}
		} else if (mask) {
			lines.push(`  It queued no csd for cpu${cpu}: no IPI.`);
		}
	}

	// A later switch that kept the ASID without a flush.
	const chose = events.find(
		(event): event is Of<'choose_new_asid'> => event.event === 'choose_new_asid' && event.cpu === cpu && event.mm === state.pmaps[entry.via]!.name && event.step > change.step && !event.need_flush,
	);
	if (chose) {
		const raced = inc !== undefined && chose.step < inc.step;
		lines.push(
			`  cpu${cpu}'s switch_mm_irqs_off read ${chose.mm}'s tlb_gen ${chose.tlb_gen} at step ${chose.step}${raced ? `, before cpu${initiator}'s inc_mm_tlb_gen at step ${inc!.step}` : ''}, found ctxs[${chose.asid}] ${chose.slot === 'lazy' ? 'caught up' : 'caught up with it'} and loaded CR3 with CR3_NOFLUSH, keeping the entry.`,
		);
	}

	if (entry.table === 'upt') {
		const ret = events.findLast((event): event is Of<'cr3_load'> => event.event === 'cr3_load' && event.cpu === cpu && event.pcid === entry.pcid && event.step > change.step && !event.flush);
		if (ret) {
			lines.push(`  SWITCH_TO_USER_CR3 at step ${ret.step} loaded user PCID ${hex(entry.pcid)} with CR3_NOFLUSH: user_pcid_flush_mask had no bit for it.`);
		}
	}

	return lines;
}

/** What a flush_tlb_func event says it did. */
function flushWords(event: Of<'flush_tlb_func'>): string {
	const gens = `local_tlb_gen ${event.local_tlb_gen}, f->new_tlb_gen ${event.new_tlb_gen}${event.mm_tlb_gen > 0 ? `, mm_tlb_gen ${event.mm_tlb_gen}` : ''}`;
	switch (event.flush) {
		case 'partial': {
			return `a partial flush (${gens}): only the requested pages`;
		}

		case 'full': {
			return `a full flush (${gens})`;
		}

		case 'up-to-date': {
			return `nothing: f->new_tlb_gen <= local_tlb_gen (${gens}), the TLB looked up to date`;
		}

		case 'caught-up': {
			return `nothing: local_tlb_gen == mm_tlb_gen (${gens})`;
		}

		case 'not-loaded': {
			return `nothing but clear its stale mm_cpumask bit: ${event.mm} was not loaded`;
		}

		case 'init_mm': {
			return 'nothing: init_mm was loaded';
		}

		case 'lazy': {
			return 'a switch to init_mm (the CPU was lazy)';
		}

		default: {
			return event.flush satisfies never;
		}
	}
}
