/**
 * fast-check generators for the fuzz suite: scenarios built from the grammar of
 * ../shared/docs/scenario-language.md (valid-ish statements with hostile strings and
 * huge numbers), their mutations and truncations, random bytes, and debugger command
 * files built from the command table.
 */
import process from 'node:process';
import fc from 'fast-check';
import {ablations, eventNames} from '../../source/engine/index.js';

/** Cases per property: a short default for CI; PMAPDBG_FUZZ_RUNS=20000 for a long run. */
export const FUZZ_RUNS = Number(process.env['PMAPDBG_FUZZ_RUNS'] ?? 300);

/** Text someone may hand over: escapes, C1 bytes, bidi controls, lone surrogates. */
export const hostileText = fc.constantFrom(
	'\u001B]2;PWNED\u0007',
	'\u001B[2J',
	'\u001B[8m',
	'\u0007',
	'\u009B31m',
	'\u009D0;x\u009C',
	'\u202Eevil',
	'\uD800',
	'\r',
	'\u007F',
	'\t',
	'é日本😀',
);

/** A string of printable text and hostile pieces (NUL, which refuses a file, comes with `bytes`). */
export const anyText = fc.array(fc.oneof(fc.string({maxLength: 6}), hostileText), {maxLength: 3}).map(parts => parts.join('').replaceAll('\u0000', ''));

const hex = (value: bigint | number) => `0x${value.toString(16)}`;
const userPage = fc.nat({max: 0x1f}).map(page => 0x40_0000 + page * 0x1000);

/** Numbers where a value is expected at the edges and past them: huge, malformed. */
const edgeNumber = fc.oneof(
	fc.constantFrom(
		'0x0',
		'0x7ffffffff000',
		'0x800000000000',
		'0xffff800000000000',
		'0xfffffffffffff000',
		'0xffffffffffffffff',
		'0x10000000000000000',
		'0x1_0000',
		'18446744073709551615',
		'18446744073709551616',
		'9'.repeat(400),
		'0x' + 'f'.repeat(300),
		'0x',
		'0xg',
	),
	fc.bigInt({min: 0n, max: (1n << 70n) - 1n}).map(value => hex(value)),
);

/** Numbers as written: mostly page-aligned user addresses, some kernel ones, some edges. */
export const number = fc.oneof(
	{weight: 7, arbitrary: userPage.map(value => hex(value))},
	{weight: 1, arbitrary: fc.nat({max: 0xff}).map(page => hex(0xffff_ffff_8000_0000n + BigInt(page) * 0x1000n))},
	{weight: 1, arbitrary: fc.nat({max: 300}).map(String)},
	{weight: 2, arbitrary: edgeNumber},
);

/** An address and a range end above it (a few pages, or the whole half). */
const range = fc.oneof(
	{weight: 6, arbitrary: fc.tuple(userPage, fc.integer({min: 1, max: 6000})).map(([start, pages]) => `${hex(start)} ${hex(start + pages * 0x1000)}`)},
	{weight: 1, arbitrary: fc.constantFrom('0x0 0x800000000000', '0xffff800000000000 0xffffffffffffffff', '0xfffffffffffff000 0x10000000000000000')},
	{weight: 1, arbitrary: fc.tuple(number, number).map(([a, b]) => `${a} ${b}`)},
);

const cpu = fc.oneof({weight: 20, arbitrary: fc.nat({max: 3})}, {weight: 1, arbitrary: fc.constantFrom(4, 255, 256, 99_999_999_999)}).map(n => `cpu${n}`);
const pmap = fc.oneof({weight: 20, arbitrary: fc.constantFrom('A', 'B', 'kernel')}, {weight: 1, arbitrary: fc.constantFrom('vmspace0', 'Undeclared')});
const kernelAddress = fc.nat({max: 0xff}).map(page => hex(0xffff_ffff_8000_0000n + BigInt(page) * 0x1000n));
/** A pmap and an address in its half, now and then in the wrong one. */
const where = fc.oneof(
	{weight: 12, arbitrary: fc.tuple(fc.constantFrom('A', 'B'), userPage.map(value => hex(value)))},
	{weight: 3, arbitrary: fc.tuple(fc.constant('kernel'), kernelAddress)},
	{weight: 1, arbitrary: fc.tuple(pmap, number)},
);
/** A pmap and a range in its half (a few pages, the whole half, the top), now and then wrong. */
const whereRange = fc.oneof(
	{weight: 10, arbitrary: fc.tuple(fc.constantFrom('A', 'B'), userPage, fc.integer({min: 1, max: 6000})).map(([p, start, pages]) => [p, `${hex(start)} ${hex(start + pages * 0x1000)}`] as const)},
	{weight: 2, arbitrary: fc.constantFrom(['A', '0x0 0x800000000000'] as const, ['kernel', '0xffff800000000000 0xffffffffffffffff'] as const, ['kernel', '0xfffffffffffff000 0x10000000000000000'] as const)},
	{weight: 1, arbitrary: fc.tuple(pmap, range)},
);
const perms = fc.oneof({weight: 20, arbitrary: fc.constantFrom('r', 'rw', 'rx', 'rwx')}, {weight: 1, arbitrary: fc.constantFrom('w', '')});
const mode = fc.oneof({weight: 6, arbitrary: fc.constantFrom('nopcid', 'pcid', 'pti', 'pti-pcid')}, {weight: 1, arbitrary: fc.constantFrom('all', 'x')});
const event = fc.oneof({weight: 6, arbitrary: fc.constantFrom(...eventNames)}, {weight: 1, arbitrary: fc.constantFrom('frob', 'ipi')});
const op = fc.oneof({weight: 6, arbitrary: fc.constantFrom('==', '!=', '>=', '<=', '>', '<')}, {weight: 1, arbitrary: fc.constant('=')});
const physical = fc.oneof({weight: 20, arbitrary: fc.nat({max: 0xff}).map(page => hex((page + 1) * 0x1000))}, {weight: 1, arbitrary: edgeNumber});

const action = fc.oneof(
	pmap.map(p => `switch ${p}`),
	fc.constantFrom('user', 'kernel'),
	fc.tuple(fc.constantFrom('read', 'write'), fc.oneof({weight: 6, arbitrary: where.map(([, va]) => va)}, {weight: 1, arbitrary: number})).map(parts => parts.join(' ')),
	fc.tuple(where, physical, perms).map(([[p, va], pa, rights]) => `enter ${p} ${va} -> ${pa} ${rights}`),
	fc.oneof(where, whereRange).map(([p, at]) => `remove ${p} ${at}`),
	fc.tuple(fc.oneof(where, whereRange), perms).map(([[p, at], rights]) => `protect ${p} ${at} ${rights}`),
	fc.oneof(pmap.map(p => [p, 'all'] as const), where, whereRange).map(([p, at]) => `invalidate ${p} ${at}`),
	fc.tuple(where, fc.option(physical), perms).map(([[p, va], pa, rights]) => `pte ${p} ${va}${pa === null ? ' none' : ` -> ${pa} ${rights}`}`),
	fc.oneof({weight: 6, arbitrary: fc.constantFrom('A', 'B')}, {weight: 1, arbitrary: pmap}).map(p => `pinit ${p}`),
);

const claim = fc.oneof(
	fc.tuple(cpu, fc.constantFrom('has', 'lacks'), where).map(([c, has, [p, va]]) => `${c} tlb ${has} ${p} ${va}`),
	fc.tuple(pmap, fc.array(fc.nat({max: 6}), {maxLength: 4})).map(([p, cpus]) => `pm_active ${p} == {${cpus.join(',')}}`),
	fc.tuple(pmap, cpu, fc.oneof({weight: 6, arbitrary: fc.constantFrom('==', '!=')}, {weight: 1, arbitrary: op}), fc.oneof(fc.nat({max: 5}).map(String), number)).map(([p, c, o, n]) => `pm_gen ${p} ${c} ${o} ${n}`),
	fc.tuple(event, fc.array(fc.tuple(fc.constantFrom('cpu', 'pmap', 'cpu', 'pmap', 'x'), fc.constantFrom('1', 'A', '0')), {maxLength: 2}), op, fc.oneof(fc.nat({max: 9}).map(String), number)).map(
		([name, filters, o, n]) => `count ${name} ${filters.map(([field, value]) => `${field}=${value}`).join(' ')} ${o} ${n}`,
	),
	fc.constantFrom('no-stale', 'stale'),
);

/** A header statement. */
const header = fc.oneof(
	{weight: 1, arbitrary: anyText.map(text => `title "${text.replaceAll('"', '')}"`)},
	{weight: 1, arbitrary: fc.oneof(fc.integer({min: 1, max: 6}).map(String), fc.constantFrom('256', '257', '0'), edgeNumber).map(n => `cpus ${n}`)},
	{weight: 1, arbitrary: mode.map(m => `mode ${m}`)},
	{weight: 1, arbitrary: fc.constantFrom('invpcid on', 'invpcid off', 'invpcid maybe')},
	{weight: 1, arbitrary: fc.array(fc.constantFrom('C', 'D', 'E', 'A', 'kernel'), {minLength: 1, maxLength: 2}).map(names => `pmap ${names.join(' ')}`)},
	{weight: 1, arbitrary: pmap.map(p => `kpti ${p} off`)},
	{weight: 4, arbitrary: fc.tuple(where, physical, perms).map(([[p, va], pa, rights]) => `map ${p} ${va} -> ${pa} ${rights}`)},
	{weight: 1, arbitrary: fc.oneof({weight: 6, arbitrary: fc.constantFrom(...ablations)}, {weight: 1, arbitrary: fc.constant('frob')}).map(name => `ablate ${name}`)},
	{weight: 1, arbitrary: fc.array(mode, {minLength: 1, maxLength: 3}).map(modes => `require mode ${modes.join(' ')}`)},
);

/** A statement of the body (after the header); `parallel` opens a block of steps. */
const body = fc.oneof(
	{weight: 12, arbitrary: fc.tuple(cpu, action).map(([c, a]) => `${c}: ${a}`)},
	{weight: 2, arbitrary: fc.array(fc.tuple(cpu, action).map(([c, a]) => `  ${c}: ${a}`), {minLength: 1, maxLength: 3}).map(steps => ['parallel', ...steps, 'end'].join('\n'))},
	{weight: 3, arbitrary: claim.map(text => `expect ${text}`)},
	{weight: 1, arbitrary: anyText.map(text => `# ${text}`)},
	{weight: 1, arbitrary: fc.oneof(header, fc.constantFrom('parallel', 'end'), anyText.filter(text => text.length < 3))},
);

/** A scenario from the grammar: a header, a body, a comment after some lines, any line end. */
export const scenario = fc
	.tuple(
		fc.array(header, {maxLength: 3}),
		fc.array(fc.tuple(body, fc.option(anyText, {freq: 4})), {minLength: 1, maxLength: 8}),
		fc.constantFrom('\n', '\r\n', '\r'),
		fc.boolean(),
	)
	.map(([head, lines, end, final]) =>
		['cpus 4', 'pmap A B', ...head, ...lines.map(([line, comment]) => (comment === null ? line : `${line} # ${comment.replaceAll(/[\r\n]/g, '')}`))]
			.join('\n')
			.replaceAll('\n', end) + (final ? end : ''),
	);

/** An edit of a text: insert, delete, duplicate a line, or truncate. */
const edit = fc.oneof(
	fc.record({kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(anyText, fc.constantFrom('"', '->', '\n', 'parallel\n', 'end\n', '0x', '#', ':', '{', '==', '\r\n'))}),
	fc.record({kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat({max: 12})}),
	fc.record({kind: fc.constant('duplicate' as const), at: fc.nat()}),
	fc.record({kind: fc.constant('truncate' as const), at: fc.nat()}),
);

/** TEXT after EDITS. */
function applyEdits(text: string, edits: ReadonlyArray<typeof edit extends fc.Arbitrary<infer T> ? T : never>): string {
	let body = text;
	for (const change of edits) {
		const at = change.at % (body.length + 1);
		switch (change.kind) {
			case 'insert': {
				body = body.slice(0, at) + change.text + body.slice(at);
				break;
			}

			case 'delete': {
				body = body.slice(0, at) + body.slice(at + change.length);
				break;
			}

			case 'duplicate': {
				const lines = body.split('\n');
				const index = change.at % lines.length;
				lines.splice(index, 0, lines[index]!);
				body = lines.join('\n');
				break;
			}

			case 'truncate': {
				body = body.slice(0, at);
				break;
			}

			default: {
				change satisfies never;
			}
		}
	}

	return body;
}

/** A grammar scenario, then mutated. */
export const mutated = fc.tuple(scenario, fc.array(edit, {minLength: 1, maxLength: 5})).map(([text, edits]) => applyEdits(text, edits));

/** Bytes of any kind (often not UTF-8). */
export const bytes = fc.oneof(
	fc.uint8Array({maxLength: 300}),
	fc.tuple(scenario, fc.uint8Array({maxLength: 8}), fc.nat()).map(([text, noise, at]) => {
		const encoded = Buffer.from(text);
		const where = at % (encoded.length + 1);
		return Buffer.concat([encoded.subarray(0, where), noise, encoded.subarray(where)]);
	}),
);

const commandWord = fc.constantFrom(
	'stepi', 'si', 'step', 's', 'finish', 'continue', 'c', 'until', 'goto', 'reverse-stepi', 'rsi', 'reverse-step', 'reverse-continue', 'rc',
	'reverse-finish', 'break', 'b', 'tbreak', 'watch', 'condition', 'ignore', 'enable', 'disable', 'delete', 'info', 'print', 'where', 'why',
	'stale', 'help', 're', 'x',
);
const commandArgument = fc.oneof(
	number,
	cpu,
	pmap,
	event,
	fc.constantFrom('tlb', 'pmap', 'cpu', 'ipis', 'breakpoints', 'stop', 'ignore', 'to=1', 'pmap=A', 'ipi==invlpg', '&&', 'pm_gen', 'pm_active', 'pte', 'curpmap', 'cr3', '-1', '0'),
	anyText,
);

/** One command line (sometimes blank, a comment, or noise). */
export const commandLine = fc.oneof(
	{weight: 6, arbitrary: fc.tuple(commandWord, fc.array(commandArgument, {maxLength: 3})).map(([word, args]) => [word, ...args].join(' '))},
	{weight: 1, arbitrary: fc.constantFrom('', '   ', '# comment')},
	{weight: 1, arbitrary: anyText},
);

/** A command file: command lines with any line end. */
export const commandFile = fc
	.tuple(fc.array(commandLine, {minLength: 1, maxLength: 12}), fc.constantFrom('\n', '\r\n', '\r'))
	.map(([lines, end]) => lines.join(end) + end);
