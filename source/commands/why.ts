/**
 * `why cpuN P VA`: the story of a translation in cpuN's TLB: which fill installed it,
 * which PTE change made it obsolete, which invalidation should have removed it, and
 * why that invalidation did not reach this CPU.
 */
import {formatAddress, formatSet, has, reachOf, type EngineEvent, type MachineState, type TlbEntry, type Unreachable} from '../engine/index.js';
import type {Session} from '../session/session.js';
import {describeEvent} from './describe.js';
import {bufferedAt, stillBuffered} from './why-tso.js';
import {linuxHarmless, linuxMissedFlush} from './linux-why.js';

const hex = (value: number) => '0x' + value.toString(16);

/**
 * Why an entry the CPU can never hit again is harmless: the rule of pmap.c that
 * retired its PCID on this CPU, with the events that did it.
 */
function harmless(state: MachineState, events: readonly EngineEvent[], cpu: number, entry: TlbEntry, why: Unreachable): string[] {
	const pcid = hex(entry.pcid);
	const name = (id: number) => state.pmaps[id]!.name;
	const at = (event: EngineEvent) => `step ${event.step} (line ${event.line})`;
	const fill = events.findLast(event => event.event === 'tlb_fill' && event.cpu === cpu && event.pcid === entry.pcid && event.va === entry.vpn);
	const after = fill?.step ?? -1;
	switch (why.kind) {
		case 'pm-gen-zeroed': {
			const zero = events.findLast(event => event.event === 'pm_gen_zero' && event.pmap === name(why.pmap) && event.target === cpu);
			const by = zero === undefined ? '' : ` (cpu${zero.cpu} at ${at(zero)}, ${zero.cpu === cpu ? 'pmap_activate_sw_pcid_pti dropping a pending ucr3_load_mask' : 'pmap_invalidate_preipi_pcid'})`;
			return [
				`  It can never be hit again: ${name(why.pmap)}'s pm_gen on cpu${cpu} is 0${by}, so cpu${cpu}'s next pmap_activate_sw(${name(why.pmap)}) gets a fresh PCID from pmap_pcid_alloc, first loaded without CR3_PCID_SAVE.`,
				`  Nothing loads pcid ${pcid} on cpu${cpu} with CR3_PCID_SAVE any more: the entry is harmless, which is the lazy invalidation pm_gen exists for.`,
			];
		}

		case 'abandoned': {
			const alloc = events.findLast((event): event is Extract<EngineEvent, {event: 'pcid_alloc'}> => event.event === 'pcid_alloc' && event.cpu === cpu && event.step > after && event.pmap === name(entry.via));
			const zero = alloc === undefined ? undefined : events.findLast(event => event.event === 'pm_gen_zero' && event.step < alloc.step && event.pmap === alloc.pmap && event.target === cpu);
			const story =
				alloc === undefined
					? `no pmap holds pcid ${pcid} on cpu${cpu} any more`
					: `${name(entry.via)} was given pcid ${hex(alloc.pcid)} on cpu${cpu} at ${at(alloc)} (pmap_pcid_alloc${zero ? `, because cpu${zero.cpu} zeroed its pm_gen at ${at(zero)}` : ''})`;
			return [`  It can never be hit again: ${story}; pcid ${pcid} is loaded again only after a rollover, and then first without CR3_PCID_SAVE, which flushes it. The entry is harmless.`];
		}

		case 'pcid-generation': {
			const rollover = events.findLast(event => event.event === 'pcid_rollover' && event.cpu === cpu);
			return [
				`  It can never be hit again: cpu${cpu}'s PCIDs rolled over${rollover ? ` at ${at(rollover)}` : ''} (pcid_gen ${state.cpus[cpu]!.pcidGen}) and ${name(why.pmap)}'s pm_gen is older, so its next activation allocates a new PCID, first loaded without CR3_PCID_SAVE. The entry is harmless.`,
			];
		}

		case 'kcr3-flush': {
			return [
				`  It can never be hit again: under PTI pmap_activate_sw_pcid_pti loads ${name(why.pmap)}'s kernel table without CR3_PCID_SAVE on every switch (r328470), so cpu${cpu}'s next switch to ${name(why.pmap)} flushes pcid ${pcid}; until then cpu${cpu} runs under another PCID. The entry is harmless.`,
			];
		}

		case 'ucr3-mask': {
			const mask = events.findLast(event => event.event === 'ucr3_mask' && event.cpu === cpu);
			return [
				`  It can never be hit again: ucr3_load_mask on cpu${cpu} is ~CR3_PCID_SAVE${mask ? ` (since ${at(mask)})` : ''}, so the next return to user loads ucr3 without CR3_PCID_SAVE and flushes pcid ${pcid} before user code runs. The entry is harmless.`,
			];
		}

		default: {
			return linuxHarmless(state, events, cpu, entry, why);
		}
	}
}

/** Explains the entries of CPU for pmap PMAP (index) and page VPN. */
export function why(session: Session, events: readonly EngineEvent[], cpu: number, pmap: number, vpn: number): string[] {
	const {state} = session;
	const name = state.pmaps[pmap]!.name;
	const va = formatAddress(vpn);
	const entries = state.cpus[cpu]!.tlb.filter(entry => entry.owner === pmap && entry.vpn === vpn);
	if (entries.length === 0) {
		return [`cpu${cpu} holds no translation of ${name} ${va} now.`];
	}

	const lines: string[] = [];
	for (const entry of entries) {
		const reach = reachOf(state, state.cpus[cpu]!, entry);
		lines.push(`cpu${cpu} holds ${name} ${va} -> ${formatAddress(entry.pfn)} ${entry.perms} under pcid ${hex(entry.pcid)}${entry.global ? ' (global)' : ''}${reach.reachable ? '' : ', unreachable'}.`);
		const fill = events.findLast(
			event => event.event === 'tlb_fill' && event.cpu === cpu && event.va === vpn && event.pcid === entry.pcid && event.pa === entry.pfn,
		);
		if (fill === undefined) {
			lines.push('  Its fill is older than the recorded history.');
			continue;
		}

		const linux = state.config.kernel === 'linux';
		const table = entry.table === 'kpt' ? (linux ? 'kernel half of the PGD' : 'kernel page table (kcr3)') : linux ? 'PTI user half of the PGD' : 'PTI user page table (ucr3)';
		lines.push(`  Filled at step ${fill.step} (line ${fill.line}) by a page walk through ${state.pmaps[entry.via]!.name}'s ${table}.`);
		// Under tso a PTE store made before the walk may still have been in its CPU's store
		// buffer: the walk read the old value from memory (page walks never see buffers).
		const tso = state.config.memory === 'tso';
		const hidden = tso ? bufferedAt(events, `pte(${name},${va})`, fill.step) : undefined;
		if (hidden) {
			lines.push(stillBuffered(events, hidden, `cpu${cpu}'s page walk read the old entry from memory at step ${fill.step}`));
		}

		const change = events.find(
			event => (event.step > fill.step || (hidden !== undefined && event.step === hidden.step && event.cpu === hidden.cpu)) && event.event === 'pte_store' && event.pmap === name && event.va === vpn,
		);
		if (change === undefined) {
			lines.push('  The page-table entry has not changed since: the translation is current.');
			if (!reach.reachable) {
				lines.push(...harmless(state, events, cpu, entry, reach.why));
			}

			continue;
		}

		const shown = (value: {pa: number; perms: string} | undefined) => (value ? `${formatAddress(value.pa)} ${value.perms}` : 'none');
		const store = change as Extract<EngineEvent, {event: 'pte_store'}>;
		lines.push(`  Made obsolete at step ${change.step} (line ${change.line}): cpu${change.cpu} stored ${shown(store.old)} -> ${shown(store.new)}.`);
		if (!reach.reachable) {
			lines.push(...harmless(state, events, cpu, entry, reach.why));
			continue;
		}

		const done = events.find(event => event.step > change.step && event.event === 'shootdown_done' && event.pmap === name);
		if (done === undefined) {
			lines.push(`  No ${linux ? 'flush of the mm' : 'invalidation of the pmap'} has returned since: using the entry is not a violation yet.`);
			continue;
		}

		lines.push(`  The ${linux ? 'flush' : 'invalidation'} by cpu${done.cpu} returned at step ${done.step} (line ${done.line}); it should have removed the entry.`);
		if (linux) {
			lines.push(...linuxMissedFlush(state, events, cpu, entry, change, done as Extract<EngineEvent, {event: 'shootdown_done'}>));
			continue;
		}

		const call = events.filter(event => event.cpu === done.cpu && event.step > change.step && event.step <= done.step);
		if (done.cpu === cpu) {
			// A local invalidation: the callback's own TLB work, not an IPI, was to remove it.
			const work = call.filter(event => event.event === 'invlpg' || event.event === 'invpcid' || event.event === 'cr3_load' || event.event === 'ucr3_mask' || event.event === 'invltlb_glob');
			const described = work.map(event => describeEvent(event).replace(/ cpu\d+/, '')).join('; ');
			lines.push(`  It was cpu${cpu}'s own invalidation; its local work: ${described || 'none'}.`);
			const masked = work.some(event => event.event === 'ucr3_mask' && event.value === '~CR3_PCID_SAVE');
			if (masked && entry.table === 'upt') {
				lines.push('  The user-table flush was deferred to the next return to user (ucr3_load_mask); a switch before it must keep that request (pmap_activate_sw_pcid_pti zeroes the old pmap\'s pm_gen).');
			}

			continue;
		}

		const read = call.find(event => event.event === 'pm_active_read') as Extract<EngineEvent, {event: 'pm_active_read'}> | undefined;
		const zeroed = call.find(event => event.event === 'pm_gen_zero' && event.target === cpu);
		const sent = call.find(event => event.event === 'ipi_send' && event.to === cpu);
		if (read) {
			lines.push(`  It read pm_active = ${formatSet(read.mask)} at step ${read.step}: cpu${cpu} was ${has(read.mask, cpu) ? '' : 'not '}in it.`);
			const bit = tso && !has(read.mask, cpu) ? bufferedAt(events, `${name}.pm_active[${cpu}]`, read.step, cpu) : undefined;
			if (bit) {
				lines.push(stillBuffered(events, bit, `cpu${done.cpu} loaded pm_active at step ${read.step}`));
			}
		}

		if (state.config.pcid) {
			lines.push(
				zeroed
					? `  It zeroed cpu${cpu}'s pm_gen at step ${zeroed.step}${read && zeroed.step > read.step ? ', after reading pm_active: too late for a CPU switching in meanwhile' : ''}.`
					: `  It never zeroed cpu${cpu}'s pm_gen, so cpu${cpu} could switch back to ${name} with its old PCID and PCID_SAVE.`,
			);
		}

		if (sent) {
			const handled = events.find(event => event.step > sent.step && event.cpu === cpu && event.event === 'ipi_handle' && event.from === done.cpu);
			lines.push(`  It sent cpu${cpu} an IPI at step ${sent.step}${handled ? `, handled at step ${handled.step}` : ''}.`);
			const work = events.filter(event => event.cpu === cpu && handled && event.step > handled.step && event.step <= done.step + 64 && (event.event === 'invlpg' || event.event === 'invpcid' || event.event === 'cr3_load'));
			if (work.length === 0) {
				lines.push(`  The handler did no TLB work on cpu${cpu}: the pmap was not its curpmap when the handler looked.`);
			} else if (!work.some(event => event.event !== 'cr3_load' || !('flush' in event) || event.flush)) {
				lines.push('  The handler only reloaded %cr3 with PCID_SAVE.');
			} else {
				lines.push(`  The handler's work did not cover pcid ${hex(entry.pcid)}: ${work.map(event => event.event).join(', ')} ran with another PCID current.`);
			}
		} else if (read) {
			lines.push(`  It sent cpu${cpu} no IPI.`);
		}

		const reload = events.findLast(event => event.cpu === cpu && event.event === 'cr3_load' && event.pcid === entry.pcid && event.step > change.step);
		if (reload && 'flush' in reload && !reload.flush) {
			lines.push(`  cpu${cpu} loaded pcid ${hex(entry.pcid)} with PCID_SAVE at step ${reload.step} (line ${reload.line}), keeping the entry.`);
			// The load of pm_gen that let it: under tso the zero may still have been buffered.
			const load = tso ? events.findLast(event => event.cpu === cpu && event.event === 'pm_gen_read' && event.pmap === name && event.step <= reload.step) : undefined;
			const zero = load ? bufferedAt(events, `${name}.pm_pcidp[${cpu}].pm_gen`, load.step) : undefined;
			if (load && zero) {
				lines.push(stillBuffered(events, zero, `cpu${cpu}'s pmap_pcid_alloc loaded pm_gen from memory at step ${load.step} and found its generation current`));
			}
		}
	}

	return lines;
}
