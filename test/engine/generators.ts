/**
 * Generators of random programs for the engine's property tests: switches,
 * user/kernel transitions, accesses and page-table changes on random CPUs, alone or in
 * parallel blocks, in a random configuration.
 */
import fc from 'fast-check';
import {configurations, ProgramBuilder, type Action, type Perms, type Program} from '../../source/engine/index.js';

const userPages = [0x40_0000, 0x40_1000, 0x40_2000];
const kernelPage = 0xff_ff_80_00_00_40_00_00n;
const pmapNames = ['A', 'B'];

/** One generated step, kept as data so that failures print readably. */
export type Cmd =
	| {op: 'switch'; to: string}
	| {op: 'user' | 'kernel'}
	| {op: 'read' | 'write'; page: number}
	| {op: 'kread'}
	| {op: 'enter'; pmap: string; page: number; pa: number; perms: Perms}
	| {op: 'remove'; pmap: string; page: number; pages: number}
	| {op: 'protect'; pmap: string; page: number; pages: number; perms: Perms}
	| {op: 'invalidate'; pmap: string; page: number; pages: number | 'all'}
	| {op: 'kremove'}
	| {op: 'kenter'; pa: number}
	| {op: 'pte'; pmap: string; page: number; pa: number | undefined};

const perms = fc.constantFrom<Perms>('r', 'rw', 'rx', 'rwx');
const page = fc.integer({min: 0, max: userPages.length - 1});
const pmap = fc.constantFrom(...pmapNames);
const pa = fc.integer({min: 1, max: 4});

const cmd: fc.Arbitrary<Cmd> = fc.oneof(
	{weight: 4, arbitrary: fc.record({op: fc.constant('switch' as const), to: fc.constantFrom(...pmapNames, 'kernel')})},
	{weight: 3, arbitrary: fc.record({op: fc.constantFrom('user' as const, 'kernel' as const)})},
	{weight: 6, arbitrary: fc.record({op: fc.constantFrom('read' as const, 'write' as const), page})},
	{weight: 1, arbitrary: fc.record({op: fc.constant('kread' as const)})},
	{weight: 2, arbitrary: fc.record({op: fc.constant('enter' as const), pmap, page, pa, perms})},
	{weight: 2, arbitrary: fc.record({op: fc.constant('remove' as const), pmap, page, pages: fc.integer({min: 1, max: 2})})},
	{weight: 1, arbitrary: fc.record({op: fc.constant('protect' as const), pmap, page, pages: fc.integer({min: 1, max: 2}), perms})},
	{
		weight: 1,
		arbitrary: fc.record({op: fc.constant('invalidate' as const), pmap, page, pages: fc.oneof(fc.integer({min: 1, max: 2}), fc.constant('all' as const))}),
	},
	{weight: 1, arbitrary: fc.record({op: fc.constant('kremove' as const)})},
	{weight: 1, arbitrary: fc.record({op: fc.constant('kenter' as const), pa})},
	{weight: 1, arbitrary: fc.record({op: fc.constant('pte' as const), pmap, page, pa: fc.option(pa, {nil: undefined})})},
);

/** A block: one step, or a parallel block of steps on distinct CPUs. */
const block = (cpus: number) =>
	fc.uniqueArray(fc.record({cpu: fc.integer({min: 0, max: cpus - 1}), cmd}), {
		minLength: 1,
		maxLength: Math.min(3, cpus),
		selector: entry => entry.cpu,
	});

/** A random program: its header (configuration, CPUs, seed) and blocks. */
export const scenario = fc
	.record({
		config: fc.constantFrom(...configurations),
		cpus: fc.integer({min: 2, max: 4}),
		kptiOffB: fc.boolean(),
		seed: fc.integer(),
	})
	.chain(header => fc.record({header: fc.constant(header), blocks: fc.array(block(header.cpus), {minLength: 1, maxLength: 24})}));

/** The engine action of a generated step. */
export function toAction(b: ProgramBuilder, c: Cmd): Action {
	const va = (index: number) => userPages[index]!;
	switch (c.op) {
		case 'switch': {
			return b.switchTo(c.to);
		}

		case 'user': {
			return ProgramBuilder.user;
		}

		case 'kernel': {
			return ProgramBuilder.kernel;
		}

		case 'read': {
			return b.read(va(c.page));
		}

		case 'write': {
			return b.write(va(c.page));
		}

		case 'kread': {
			return b.read(kernelPage);
		}

		case 'enter': {
			return b.enter(c.pmap, va(c.page), c.pa * 0x1000, c.perms);
		}

		case 'remove': {
			return b.remove(c.pmap, va(c.page), va(c.page) + c.pages * 0x1000);
		}

		case 'protect': {
			return b.protect(c.pmap, va(c.page), va(c.page) + c.pages * 0x1000, c.perms);
		}

		case 'invalidate': {
			return c.pages === 'all' ? b.invalidateAll(c.pmap) : b.invalidateRange(c.pmap, va(c.page), va(c.page) + c.pages * 0x1000);
		}

		case 'kremove': {
			return b.remove('kernel', kernelPage);
		}

		case 'kenter': {
			return b.enter('kernel', kernelPage, c.pa * 0x1000, 'rw');
		}

		case 'pte': {
			return b.pte(c.pmap, va(c.page), c.pa === undefined ? undefined : c.pa * 0x1000);
		}

		default: {
			return c satisfies never;
		}
	}
}

/** The program of a generated scenario. */
export function buildProgram(header: {readonly cpus: number; readonly kptiOffB: boolean}, blocks: ReadonlyArray<ReadonlyArray<{readonly cpu: number; readonly cmd: Cmd}>>): Program {
	const b = new ProgramBuilder(header.cpus).pmap(...pmapNames);
	if (header.kptiOffB) {
		b.noKpti('B');
	}

	for (const name of pmapNames) {
		for (const [index, va] of userPages.entries()) {
			b.map(name, va, (index + 1) * 0x1000, 'rwx');
		}
	}

	b.map('kernel', kernelPage, 0x9000, 'rw');
	for (const steps of blocks) {
		if (steps.length === 1) {
			b.at(steps[0]!.cpu, toAction(b, steps[0]!.cmd));
		} else {
			b.parallel(...steps.map(({cpu, cmd}) => [cpu, toAction(b, cmd)] as [number, Action]));
		}
	}

	return b.build();
}
