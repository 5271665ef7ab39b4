/** The shipped scenario that shows each ablation (its memory model is the scenario's header). */
import type {FreeBsdAblation} from '../../source/engine/index.js';

/** By ablation: the scenario that is safe as shipped and violates without the rule. */
export const demoScenarios: Record<FreeBsdAblation, string> = {
	'no-pm-gen-zero': 'pm-active-race-no-zero',
	'no-ipi-active': 'pm-active-race-no-ipi',
	'late-pm-gen-zero': 'pm-active-race-late-zero',
	'switch-irq-enabled': 'curpmap-window',
	'mask-reset-only': 'pending-upt-flush',
	'kpt-save-on-switch': 'kernel-va-under-pti',
	'pinit-no-reset': 'pmap-recycling',
	'no-preipi-fence': 'tso-preipi-fence',
	'pm-active-plain': 'tso-reciprocal-fence',
	'pte-plain-store': 'tso-pte-publication',
};
