/**
 * The grammar of a step's action and of an expectation's claim, on top of LineParser's
 * token primitives (graphql-js style: one function per production, documented with it).
 */
import type {ActionNode, ExpectNode, Name, Num, Op} from './ast.js';
import type {LineParser} from './parser.js';

const comparisons: readonly Op[] = ['==', '!=', '>=', '<=', '>', '<'];

/**
 * Action :
 *   `switch` Name | `user` | `kernel` | (`read` | `write`) VA
 *   | `enter` Name VA `->` PA Perms? | `remove` Name VA VA?
 *   | `protect` Name VA VA? Perms | `invalidate` Name (`all` | VA VA?)
 *   | `pte` Name VA (`->` PA Perms? | `none`) | `pinit` Name
 */
export function parseAction(p: LineParser): ActionNode {
	const verbs = ['switch', 'user', 'kernel', 'read', 'write', 'enter', 'remove', 'protect', 'invalidate', 'pte', 'pinit'] as const;
	const verb = p.oneOf(verbs, 'an action (switch, user, kernel, read, write, enter, remove, protect, invalidate, pte, pinit)');
	switch (verb.value) {
		case 'switch': {
			return {kind: 'switch', pmap: p.word('a pmap name or "kernel"')};
		}

		case 'user':
		case 'kernel': {
			return {kind: verb.value};
		}

		case 'read':
		case 'write': {
			return {kind: verb.value, va: p.number('a virtual address')};
		}

		case 'enter': {
			const pmap = p.word('a pmap name');
			const va = p.number('a virtual address');
			p.punct('->');
			const pa = p.number('a physical address');
			return {kind: 'enter', pmap, va, pa, perms: p.optionalPerms()};
		}

		case 'remove': {
			const pmap = p.word('a pmap name');
			const va = p.number('a virtual address');
			return {kind: 'remove', pmap, va, vaEnd: p.optionalNumber()};
		}

		case 'protect': {
			const pmap = p.word('a pmap name');
			const va = p.number('a virtual address');
			const vaEnd = p.optionalNumber();
			return {kind: 'protect', pmap, va, vaEnd, perms: p.perms()};
		}

		case 'invalidate': {
			const pmap = p.word('a pmap name');
			if (p.optionalWord('all')) {
				return {kind: 'invalidate', pmap, va: undefined, vaEnd: undefined};
			}

			const va = p.number('a virtual address or "all"');
			return {kind: 'invalidate', pmap, va, vaEnd: p.optionalNumber()};
		}

		case 'pte': {
			const pmap = p.word('a pmap name');
			const va = p.number('a virtual address');
			if (p.optionalWord('none')) {
				return {kind: 'pte', pmap, va, pa: undefined, perms: undefined};
			}

			if (!p.optionalPunct('->')) {
				p.unexpected('"->" or "none"');
			}

			const pa = p.number('a physical address');
			return {kind: 'pte', pmap, va, pa, perms: p.optionalPerms()};
		}

		case 'pinit': {
			return {kind: 'pinit', pmap: p.word('a pmap name')};
		}

		default: {
			return verb.value satisfies never;
		}
	}
}

/** Op : `==` | `!=` | `>=` | `<=` | `>` | `<` */
function parseOp(p: LineParser): Op {
	return p.oneOf(comparisons, 'a comparison (==, !=, >=, <=, >, <)').value;
}

/** `{` (Number (`,` Number)*)? `}` */
function parseCpuSet(p: LineParser): Num[] {
	p.punct('{');
	const cpus: Num[] = [];
	if (!p.optionalPunct('}')) {
		do {
			cpus.push(p.number('a CPU number'));
		} while (p.optionalPunct(','));
		p.punct('}');
	}

	return cpus;
}

/**
 * Expectation :
 *   CpuRef `tlb` (`has` | `lacks`) Name VA (`->` PA)?
 *   | CpuRef `loaded_mm` `==` Name | CpuRef `is_lazy` `==` (`true` | `false`)
 *   | `pm_active` Name `==` CpuSet | `mm_cpumask` Name `==` CpuSet
 *   | `pm_gen` Name CpuRef (`==` | `!=`) Number | `tlb_gen` Name Op Number
 *   | `count` Event (Field `=` Value)* Op Number
 *   | `no-stale` | `stale`
 */
export function parseExpectation(p: LineParser): ExpectNode {
	const token = p.peek();
	if (token.kind === 'word' && /^cpu[0-9]+$/.test(token.text)) {
		const cpu = p.cpu();
		const about = p.oneOf(['tlb', 'loaded_mm', 'is_lazy'], '"tlb", "loaded_mm" or "is_lazy"').value;
		if (about === 'loaded_mm') {
			p.punct('==');
			return {kind: 'loaded_mm', cpu, pmap: p.word('a pmap name')};
		}

		if (about === 'is_lazy') {
			p.punct('==');
			return {kind: 'is_lazy', cpu, value: p.oneOf(['true', 'false'], 'true or false').value === 'true'};
		}

		const has = p.oneOf(['has', 'lacks'], 'has or lacks').value === 'has';
		const pmap = p.word('a pmap name');
		const va = p.number('a virtual address');
		const pa = has && p.optionalPunct('->') ? p.number('a physical address') : undefined;
		return {kind: 'tlb', cpu, has, pmap, va, pa};
	}

	const what = p.oneOf(
		['pm_active', 'pm_gen', 'mm_cpumask', 'tlb_gen', 'count', 'no-stale', 'stale'],
		'an expectation (cpuN tlb, pm_active, pm_gen, count, no-stale, stale; Linux: mm_cpumask, tlb_gen, cpuN loaded_mm, cpuN is_lazy)',
	);
	switch (what.value) {
		case 'pm_active':
		case 'mm_cpumask': {
			const pmap = p.word('a pmap name');
			p.punct('==');
			return {kind: what.value, pmap, cpus: parseCpuSet(p)};
		}

		case 'tlb_gen': {
			const pmap = p.word('a pmap name');
			const op = parseOp(p);
			return {kind: 'tlb_gen', pmap, op, value: p.number('a generation number')};
		}

		case 'pm_gen': {
			const pmap = p.word('a pmap name');
			const cpu = p.cpu();
			const op = p.oneOf(['==', '!='], '== or !=').value;
			return {kind: 'pm_gen', pmap, cpu, op, value: p.number('a generation number')};
		}

		case 'count': {
			const event = p.word('an event name');
			const filters: Array<{field: Name; value: Name}> = [];
			while (p.peek().kind === 'word') {
				const field = p.word('a field name');
				p.punct('=');
				// A value may be a C complement, as pmap.c writes ucr3_load_mask: ~CR3_PCID_SAVE.
				const tilde = p.peek().kind === 'punct' && p.peek().text === '~' ? p.advance() : undefined;
				const valueToken = p.peek();
				if ((valueToken.kind !== 'word' && valueToken.kind !== 'number') || (tilde !== undefined && tilde.offset + 1 !== valueToken.offset)) {
					p.unexpected('a field value');
				}

				p.advance();
				const start = tilde?.offset ?? valueToken.offset;
				filters.push({field, value: {value: (tilde ? '~' : '') + valueToken.text, offset: start, length: valueToken.offset + valueToken.length - start}});
			}

			const op = parseOp(p);
			return {kind: 'count', event, filters, op, n: p.number('a count')};
		}

		case 'no-stale':
		case 'stale': {
			return {kind: what.value};
		}

		default: {
			return what.value satisfies never;
		}
	}
}
