/**
 * The scenario's initial mappings (`map` lines), entered into the page tables at boot the
 * same way under either kernel: valid, not yet accessed or dirty, and global for kernel
 * addresses unless PTI is on (FreeBSD's pg_g is 0 under PTI, pmap_bootstrap; Linux's
 * __PAGE_KERNEL has _PAGE_GLOBAL, which pti_clone_kernel_text and __supported_pte_mask
 * drop under PTI).
 */
import type {Config} from './config.js';
import type {Program} from './program.js';
import {withPte} from './pte-table.js';
import {KERNEL_PMAP, type PmapState, type Pte} from './state.js';

/** PMAPS with PROGRAM's mappings entered, and the last PTE version number given out. */
export function withBootMaps(pmaps: readonly PmapState[], program: Program, config: Config): {pmaps: PmapState[]; seq: number} {
	const out = [...pmaps];
	let seq = 0;
	for (const map of program.maps) {
		const pmap = out[map.pmap]!;
		const pte: Pte = {
			vpn: map.vpn,
			valid: true,
			pfn: map.pfn,
			perms: map.perms,
			global: map.pmap === KERNEL_PMAP && !config.pti,
			accessed: false,
			dirty: false,
			version: ++seq,
			lastRestrict: 0,
			forbiddenBefore: 0,
			pendingRestricts: [],
		};
		out[map.pmap] = {...pmap, ptes: withPte(pmap.ptes, pte)};
	}

	return {pmaps: out, seq};
}
