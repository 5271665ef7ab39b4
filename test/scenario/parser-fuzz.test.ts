/** The parser and compiler never throw, whatever the text: mutated scenarios and noise. */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {loadText} from '../../source/scenario/load.js';

const seed = `title "remote user page"
cpus 2
mode pcid
pmap A
map A 0x400000 -> 0x1000 rw
cpu1: switch A
cpu1: user
parallel
  cpu0: remove A 0x400000
  cpu1: read 0x400000
end
expect cpu1 tlb lacks A 0x400000
expect count ipi_send to=1 == 1
expect pm_active A == {0,1}
expect no-stale
`;

const edit = fc.record({
	at: fc.nat(),
	remove: fc.nat({max: 6}),
	insert: fc.oneof(fc.string({maxLength: 8}), fc.constantFrom('"', '->', 'parallel\n', 'end\n', '0x', '#', '\n', 'cpu9:', '==', '{', '\0')),
});

describe('parser robustness', () => {
	it('never throws on mutated scenarios; diagnostics point inside the text', () => {
		fc.assert(
			fc.property(fc.array(edit, {maxLength: 6}), edits => {
				let body = seed;
				for (const {at, remove, insert} of edits) {
					const where = at % (body.length + 1);
					body = body.slice(0, where) + insert + body.slice(where + remove);
				}

				const loaded = loadText('fuzz.scn', body);
				for (const diagnostic of loaded.diagnostics) {
					expect(diagnostic.offset).toBeGreaterThanOrEqual(0);
					expect(diagnostic.offset).toBeLessThanOrEqual(body.length);
				}

				expect(loaded.scenario === undefined).toBe(loaded.diagnostics.length > 0);
			}),
			{numRuns: 2000},
		);
	});

	it('never throws on arbitrary text', () => {
		fc.assert(
			fc.property(fc.string({maxLength: 200, unit: 'binary'}), body => {
				loadText('noise.scn', body);
			}),
			{numRuns: 2000},
		);
	});
});
