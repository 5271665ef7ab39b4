/**
 * pmap_activate_sw() in sys/amd64/amd64/pmap.c (spec 4.3): the context switch, with
 * interrupts disabled across it (cpu_switch holds the thread lock; pmap_activate wraps
 * it in spinlock_enter: r306350 for PCID without INVPCID, r363311 for every mode).
 */
import {ACTIVE, ALL, GEN, type Operation} from '../footprint.js';
import type {Frame} from '../frames.js';
import {loadCr3, setUcr3Mask, userPcid} from '../hardware.js';
import {store} from '../memory/store-buffer.js';
import {pcidView} from '../memory/views.js';
import {pcidAlloc, zeroGen} from '../pcid.js';
import {KERNEL_PMAP} from '../state.js';
import type {Tx} from '../tx.js';

type SwitchFrame = Extract<Frame, {kind: 'switch'}>;

/** A copy of FRAME with CHANGES (field by field: see cloneCpu). */
function update(frame: SwitchFrame, changes: Partial<SwitchFrame>): SwitchFrame {
	return {
		kind: 'switch',
		line: frame.line,
		pmap: frame.pmap,
		old: changes.old ?? frame.old,
		pc: changes.pc ?? frame.pc,
		cached: changes.cached ?? frame.cached,
	};
}

/** Runs the next phase of a context switch on CPU `id`. */
export function runSwitch(tx: Tx, id: number, frame: SwitchFrame): void {
	const {config} = tx.base;
	const {line, pmap} = frame;
	switch (frame.pc) {
		case 'begin': {
			const old = tx.readCpu(id).curpmap;
			tx.emit(id, line, {event: 'context_switch', from: tx.name(old), to: tx.name(pmap)});
			if (pmap === old) {
				// pmap_activate_sw: `if (oldpmap == pmap) return;` -- the CPU's bit stays
				// set in pm_active, so every invalidation of the pmap keeps IPIing it.
				tx.pop(id);
				return;
			}

			if (!config.ablate.has('switch-irq-enabled')) {
				tx.cpu(id).irqOff++;
			}

			tx.replaceTop(id, update(frame, {old, pc: 'set-active'}));
			return;
		}

		case 'set-active': {
			// CPU_SET_ATOMIC(cpuid, &pmap->pm_active): a locked instruction (LOCK OR), hence
			// a full fence before pmap_pcid_alloc reads pm_gen (spec 6.2, the Dekker
			// pattern): the "reciprocal fence" of pmap_invalidate_preipi_pcid's comment.
			store(tx, id, line, 'set-active', {word: 'pm_active', pmap, cpu: id, value: true, line});
			tx.emit(id, line, {event: 'pm_active_set', pmap: tx.name(pmap)});
			const next = config.pcid ? (config.pti ? 'mask' : 'alloc') : 'load';
			tx.replaceTop(id, update(frame, {pc: next}));
			return;
		}

		case 'mask': {
			// pmap_activate_sw_pcid_pti: a UPT flush requested for the old pmap that never
			// reached a return to user must not be lost, so old gets a fresh PCID (hence a
			// UPT flush) the next time it runs here (spec 6.4).
			if (tx.readCpu(id).ucr3Mask !== 'nomask') {
				setUcr3Mask(tx, id, line, 'nomask');
				if (!config.ablate.has('mask-reset-only')) {
					zeroGen(tx, id, line, 'pti-old-pm-gen', frame.old, id);
					tx.emit(id, line, {event: 'pm_gen_zero', pmap: tx.name(frame.old), target: id});
				}
			}

			tx.replaceTop(id, update(frame, {pc: 'alloc'}));
			return;
		}

		case 'alloc': {
			const cached = pcidAlloc(tx, id, line, pmap);
			if (config.memory === 'tso') {
				// The CR3 load is an instruction of its own after pmap_pcid_alloc's loads (and
				// `cr3 = rcr3()`): under tso another CPU's store can reach memory in between.
				tx.replaceTop(id, update(frame, {cached, pc: 'cr3'}));
				return;
			}

			switchCr3(tx, id, line, pmap, cached);
			tx.replaceTop(id, update(frame, {cached, pc: 'curpmap'}));
			return;
		}

		case 'cr3': {
			switchCr3(tx, id, line, pmap, frame.cached);
			tx.replaceTop(id, update(frame, {pc: 'curpmap'}));
			return;
		}

		case 'load': {
			// pmap_activate_sw_nopcid_nopti / _nopcid_pti: load_cr3(pmap->pm_cr3).
			loadCr3(tx, id, line, {pmap, table: 'kpt', pcid: 0, save: false});
			tx.replaceTop(id, update(frame, {pc: 'curpmap'}));
			return;
		}

		case 'curpmap': {
			const cpu = tx.cpu(id);
			cpu.curpmap = pmap;
			tx.emit(id, line, {event: 'curpmap_set', pmap: tx.name(pmap)});
			if (config.pti) {
				const {hasUpt} = tx.readPmap(pmap);
				const pcid = config.pcid ? pcidView(tx, id, pmap, id).pcid : 0;
				// pc_kcr3 = pm_cr3 | pcid | SAVE; pc_ucr3 = pm_ucr3 | pcid | USER_PT | SAVE
				// (no PCID bits without PCID; PMAP_NO_CR3 for a process without a UPT).
				cpu.kcr3 = {pmap, table: 'kpt', pcid, save: config.pcid};
				cpu.ucr3 = hasUpt ? {pmap, table: 'upt', pcid: config.pcid ? userPcid(pcid) : 0, save: config.pcid} : undefined;
				if (config.pcid && !frame.cached && hasUpt) {
					// A new PCID: flush the UPT PCID at the next return to user.
					setUcr3Mask(tx, id, line, 'nosave');
				}
			}

			tx.replaceTop(id, update(frame, {pc: 'clear-active'}));
			return;
		}

		case 'clear-active': {
			// CPU_CLR_ATOMIC(cpuid, &oldpmap->pm_active), after the new pmap is loaded: for
			// a moment the CPU is in both masks, which over-approximates safely.
			if (frame.old !== KERNEL_PMAP) {
				store(tx, id, line, 'clear-active', {word: 'pm_active', pmap: frame.old, cpu: id, value: false, line});
			}

			tx.emit(id, line, {event: 'pm_active_clear', pmap: tx.name(frame.old)});
			if (!config.ablate.has('switch-irq-enabled')) {
				tx.cpu(id).irqOff--;
			}

			tx.pop(id);
			return;
		}

		default: {
			frame.pc satisfies never;
		}
	}
}

/**
 * The CR3 load of pmap_activate_sw_pcid_pti / _pcid_nopti after pmap_pcid_alloc returned
 * CACHED (PCID_SAVE) or not.
 */
function switchCr3(tx: Tx, id: number, line: number, pmap: number, cached: boolean): void {
	const {config} = tx.base;
	const {pcid} = pcidView(tx, id, pmap, id);
	const {cr3} = tx.readCpu(id);
	const rootDiffers = cr3.pmap !== pmap || cr3.table !== 'kpt';
	if (config.pti) {
		// pmap_activate_sw_pcid_pti: the kernel page table is loaded without
		// PCID_SAVE every time, so stale kernel-VA entries (non-global under PTI)
		// cached under this PCID die here (r328470). The seed does not state this
		// dependency (spec 5.4 item 10).
		if (rootDiffers) {
			const save = config.ablate.has('kpt-save-on-switch') ? cached : false;
			loadCr3(tx, id, line, {pmap, table: 'kpt', pcid, save});
		}
	} else if (!cached || rootDiffers) {
		// pmap_activate_sw_pcid_nopti.
		loadCr3(tx, id, line, {pmap, table: 'kpt', pcid, save: cached});
	}
}

/** pmap_activate_sw as the explorer and the screen see it (footprint.ts). */
export const switchOperation: Operation<SwitchFrame> = {
	kind: 'switch',
	models: 'pmap_activate_sw (pmap_pcid_alloc, pmap_activate_sw_pcid_pti / _nopti / _nopcid)',
	label: frame => `switch:${frame.pc}`,
	fields: {line: 'line', pmap: 'pmap', old: 'pmap', pc: 'phase', cached: 'value'},
	kernel: true,
	phase: frame => frame.pc,
	phases: {
		begin: {does: 'reads curpmap, disables interrupts (or returns: oldpmap == pmap)', touches: () => {}, reports: 'always'},
		'set-active': {
			does: 'CPU_SET_ATOMIC(cpuid, &pmap->pm_active)',
			touches: (frame, cpu, _state, t) => {
				t.touch('write', ACTIVE, frame.pmap, cpu.id);
			},
			reports: 'always',
		},
		mask: {
			// It may report nothing and go on to alloc, which may go on to curpmap.
			does: 'PTI: a pending UPT flush zeroes the old pmap\'s pm_gen here; then pmap_pcid_alloc, then curpmap',
			touches: (frame, cpu, _state, t) => {
				t.touch('write', GEN, frame.old, cpu.id);
				t.touch('write', GEN, frame.pmap, cpu.id);
			},
			reports: 'always',
		},
		alloc: {
			does: 'pmap_pcid_alloc reads and may renew pm_pcidp[cpuid]; the CR3 load; then curpmap',
			touches: (frame, cpu, _state, t) => {
				t.touch('write', GEN, frame.pmap, cpu.id);
			},
			reports: 'always',
		},
		cr3: {
			does: '(tso) the CR3 load after pmap_pcid_alloc, a step of its own: pm_pcidp[cpuid].pm_pcid as this CPU loads it',
			touches: (frame, cpu, _state, t) => {
				t.touch('read', GEN, frame.pmap, cpu.id);
			},
			reports: 'always',
		},
		load: {does: 'load_cr3(pmap->pm_cr3) without PCID', touches: () => {}, reports: 'always'},
		curpmap: {
			does: 'PCPU_SET(curpmap, pmap); pc_kcr3/pc_ucr3 from pm_pcidp[cpuid]',
			touches: (frame, cpu, _state, t) => {
				t.touch('read', GEN, frame.pmap, cpu.id);
			},
			reports: 'always',
		},
		'clear-active': {
			does: 'CPU_CLR_ATOMIC(cpuid, &oldpmap->pm_active), interrupts back on',
			touches: (frame, cpu, _state, t) => {
				t.touch('write', ACTIVE, frame.old, cpu.id);
			},
			reports: 'always',
		},
	},
	rest: (frame, cpu, _state, t, top) => {
		// Before `begin` the old pmap is whatever is current then.
		const old = frame.pc !== 'begin' ? frame.old : top ? cpu.curpmap : ALL;
		t.touch('write', ACTIVE, frame.pmap, cpu.id);
		t.touch('write', ACTIVE, old, cpu.id);
		t.touch('write', GEN, frame.pmap, cpu.id);
		t.touch('write', GEN, old, cpu.id);
	},
};
