/**
 * `why cpuN P VA`: the story of a translation in cpuN's TLB: which fill installed it,
 * which PTE change made it obsolete, which invalidation should have removed it, and
 * why that invalidation did not reach this CPU.
 */
import {formatAddress, formatSet, has, type EngineEvent} from '../engine/index.js';
import type {Session} from '../session/session.js';
import {describeEvent} from './describe.js';

const hex = (value: number) => '0x' + value.toString(16);

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
		lines.push(`cpu${cpu} holds ${name} ${va} -> ${formatAddress(entry.pfn)} ${entry.perms} under pcid ${hex(entry.pcid)}${entry.global ? ' (global)' : ''}.`);
		const fill = events.findLast(
			event => event.event === 'tlb_fill' && event.cpu === cpu && event.va === vpn && event.pcid === entry.pcid && event.pa === entry.pfn,
		);
		if (fill === undefined) {
			lines.push('  Its fill is older than the recorded history.');
			continue;
		}

		lines.push(`  Filled at step ${fill.step} (line ${fill.line}) by a page walk through ${state.pmaps[entry.via]!.name}'s ${entry.table === 'kpt' ? 'kernel' : 'user'} page table.`);
		const change = events.find(event => event.step > fill.step && event.event === 'pte_store' && event.pmap === name && event.va === vpn);
		if (change === undefined) {
			lines.push('  The page-table entry has not changed since: the translation is current.');
			continue;
		}

		const shown = (value: {pa: number; perms: string} | undefined) => (value ? `${formatAddress(value.pa)} ${value.perms}` : 'none');
		const store = change as Extract<EngineEvent, {event: 'pte_store'}>;
		lines.push(`  Made obsolete at step ${change.step} (line ${change.line}): cpu${change.cpu} stored ${shown(store.old)} -> ${shown(store.new)}.`);
		const done = events.find(event => event.step > change.step && event.event === 'shootdown_done' && event.pmap === name);
		if (done === undefined) {
			lines.push('  No invalidation of the pmap has returned since: using the entry is not a violation yet.');
			continue;
		}

		lines.push(`  The invalidation by cpu${done.cpu} returned at step ${done.step} (line ${done.line}); it should have removed the entry.`);
		const call = events.filter(event => event.cpu === done.cpu && event.step > change.step && event.step <= done.step);
		if (done.cpu === cpu) {
			// A local invalidation: the callback's own TLB work, not an IPI, was to remove it.
			const work = call.filter(event => event.event === 'invlpg' || event.event === 'invpcid' || event.event === 'cr3_load' || event.event === 'ucr3_mask' || event.event === 'invltlb_glob');
			const described = work.map(event => describeEvent(event).replace(/ cpu\d+/, '')).join('; ');
			lines.push(`  It was cpu${cpu}'s own invalidation; its local work: ${described || 'none'}.`);
			const masked = work.some(event => event.event === 'ucr3_mask' && event.value === 'nosave');
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
		}
	}

	return lines;
}
