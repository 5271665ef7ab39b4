/** Compiling a step's action and an expectation's claim, names and values resolved. */
import {VMSPACE0_PMAP, eventNames, eventTable, type Action, type EventName, type Perms} from '../engine/index.js';
import type {ActionNode, ExpectNode} from './ast.js';
import {canonicalFilter, commonFields, eventFieldNames} from './event-fields.js';
import type {Check} from './expectations.js';
import type {Resolver} from './resolve.js';

/** The engine action for NODE, or undefined after reporting why not. */
export function compileAction(r: Resolver, node: ActionNode): Action | undefined {
	switch (node.kind) {
		case 'switch': {
			if (node.pmap.value === 'kernel') {
				return {kind: 'switch', pmap: VMSPACE0_PMAP};
			}

			const pmap = r.pmap(node.pmap);
			return pmap === undefined ? undefined : {kind: 'switch', pmap};
		}

		case 'user':
		case 'kernel': {
			return {kind: node.kind};
		}

		case 'read':
		case 'write': {
			const vpn = r.virtual(node.va, undefined);
			return vpn === undefined ? undefined : {kind: 'access', vpn, write: node.kind === 'write'};
		}

		case 'enter': {
			const pmap = r.pmap(node.pmap);
			const vpn = pmap === undefined ? undefined : r.virtual(node.va, pmap);
			const pfn = r.physical(node.pa);
			if (pmap === undefined || vpn === undefined || pfn === undefined) {
				return undefined;
			}

			return {kind: 'enter', pmap, vpn, pfn, perms: (node.perms?.value ?? 'rw') as Perms};
		}

		case 'remove':
		case 'protect': {
			const pmap = r.pmap(node.pmap);
			const sva = pmap === undefined ? undefined : r.virtual(node.va, pmap);
			if (pmap === undefined || sva === undefined) {
				return undefined;
			}

			const eva = node.vaEnd === undefined ? sva + 1 : r.rangeEnd(sva, node.vaEnd, pmap);
			if (eva === undefined) {
				return undefined;
			}

			return node.kind === 'remove'
				? {kind: 'remove', pmap, sva, eva}
				: {kind: 'protect', pmap, sva, eva, perms: node.perms.value as Perms};
		}

		case 'invalidate': {
			const pmap = r.pmap(node.pmap);
			if (pmap === undefined) {
				return undefined;
			}

			if (node.va === undefined) {
				return {kind: 'invalidate', pmap, range: {kind: 'all'}};
			}

			const sva = r.virtual(node.va, pmap);
			if (sva === undefined) {
				return undefined;
			}

			if (node.vaEnd === undefined) {
				return {kind: 'invalidate', pmap, range: {kind: 'page', vpn: sva}};
			}

			const eva = r.rangeEnd(sva, node.vaEnd, pmap);
			return eva === undefined ? undefined : {kind: 'invalidate', pmap, range: {kind: 'range', sva, eva}};
		}

		case 'pte': {
			const pmap = r.pmap(node.pmap);
			const vpn = pmap === undefined ? undefined : r.virtual(node.va, pmap);
			const pfn = node.pa === undefined ? undefined : r.physical(node.pa);
			if (pmap === undefined || vpn === undefined || (node.pa !== undefined && pfn === undefined)) {
				return undefined;
			}

			return {kind: 'pte', pmap, vpn, pfn, perms: (node.perms?.value ?? 'rw') as Perms};
		}

		case 'pinit': {
			const pmap = r.userPmap(node.pmap);
			return pmap === undefined ? undefined : {kind: 'pinit', pmap};
		}

		default: {
			return node satisfies never;
		}
	}
}

/** The check for an `expect` CLAIM, or undefined after reporting why not. */
export function compileCheck(r: Resolver, claim: ExpectNode): Check | undefined {
	switch (claim.kind) {
		case 'tlb': {
			const cpu = r.cpu(claim.cpu);
			const pmap = r.pmap(claim.pmap);
			const vpn = pmap === undefined ? undefined : r.virtual(claim.va, pmap);
			const pfn = claim.pa === undefined ? undefined : r.physical(claim.pa);
			if (cpu === undefined || pmap === undefined || vpn === undefined || (claim.pa !== undefined && pfn === undefined)) {
				return undefined;
			}

			return {kind: 'tlb', cpu, has: claim.has, pmap, vpn, pfn};
		}

		case 'pm_active':
		case 'mm_cpumask': {
			const pmap = r.pmap(claim.pmap);
			const cpus = claim.cpus.map(num => r.cpu(num));
			if (pmap === undefined || cpus.includes(undefined)) {
				return undefined;
			}

			return {kind: claim.kind, pmap, cpus: cpus as number[]};
		}

		case 'tlb_gen': {
			const pmap = r.userPmap(claim.pmap);
			if (claim.value.value > BigInt(Number.MAX_SAFE_INTEGER)) {
				r.error('SCN007', `Expected a generation below 2^53, found ${claim.value.value}.`, claim.value);
				return undefined;
			}

			return pmap === undefined ? undefined : {kind: 'tlb_gen', pmap, op: claim.op, value: Number(claim.value.value)};
		}

		case 'loaded_mm': {
			const cpu = r.cpu(claim.cpu);
			// init_mm (vmspace0's slot): the mm of idle and of kernel threads after leave_mm.
			const pmap = claim.pmap.value === 'init_mm' ? VMSPACE0_PMAP : r.userPmap(claim.pmap);
			return cpu === undefined || pmap === undefined ? undefined : {kind: 'loaded_mm', cpu, pmap};
		}

		case 'is_lazy': {
			const cpu = r.cpu(claim.cpu);
			return cpu === undefined ? undefined : {kind: 'is_lazy', cpu, value: claim.value};
		}

		case 'pm_gen': {
			const pmap = r.pmap(claim.pmap);
			const cpu = r.cpu(claim.cpu);
			if (claim.value.value > 0xff_ff_ff_ffn) {
				r.error('SCN007', `Expected a generation below 2^32, found ${claim.value.value}.`, claim.value);
				return undefined;
			}

			if (pmap === undefined || cpu === undefined) {
				return undefined;
			}

			return {kind: 'pm_gen', pmap, cpu, op: claim.op as '==' | '!=', value: Number(claim.value.value)};
		}

		case 'count': {
			const name = claim.event.value;
			if (!(eventNames as readonly string[]).includes(name)) {
				// The hardware's events and the scenario's kernel's (the other kernel's are accepted too).
				const own = eventNames.filter(event => eventTable[event].kernel === 'both' || eventTable[event].kernel === r.kernel);
				r.error('SCN006', `Unknown event "${name}"; events are ${own.join(', ')}.`, claim.event);
				return undefined;
			}

			const fields = [...eventFieldNames[name as EventName], ...commonFields];
			let ok = true;
			for (const {field, value} of claim.filters) {
				if (!fields.includes(canonicalFilter(name as EventName, field.value, value.value)[0])) {
					r.error('SCN004', `Expected a field of ${name} (${fields.join(', ')}), found "${field.value}".`, field);
					ok = false;
				}
			}

			if (claim.n.value > BigInt(Number.MAX_SAFE_INTEGER)) {
				r.error('SCN007', `Expected a count below 2^53, found ${claim.n.value}.`, claim.n);
				ok = false;
			}

			if (!ok) {
				return undefined;
			}

			return {
				kind: 'count',
				event: name,
				filters: claim.filters.map(({field, value}) => canonicalFilter(name as EventName, field.value, value.value)),
				op: claim.op,
				n: Number(claim.n.value),
			};
		}

		case 'no-stale':
		case 'stale': {
			return {kind: claim.kind};
		}

		default: {
			return claim satisfies never;
		}
	}
}
