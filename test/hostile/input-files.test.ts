/**
 * Input files (issue 16): line ends and encodings are checked the same way whatever the
 * file holds; devices, folders and endless pipes cannot make pmapdbg read without bound.
 */
import {spawn, execFileSync} from 'node:child_process';
import {truncateSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {batchCommand} from '../../source/cli/batch-command.js';
import {sessionWithSchedule} from '../../source/cli/schedule-option.js';
import {MAX_INPUT_BYTES} from '../../source/files/read-input.js';
import {diagnosticText, loadFile, loadText} from '../../source/scenario/load.js';
import {sourceLines} from '../../source/ui/view/panes.js';
import {scratch} from './helpers.js';

const lines = ['title "line ends"', 'pmap A', '# a comment', 'cpu0: switch A', 'cpu1: switch A', 'expect pm_active A == {0,1}'];

async function load(bytes: Buffer | string) {
	const file = path.join(scratch(), 't.scn');
	writeFileSync(file, bytes);
	const loaded = await loadFile(file);
	return {loaded, text: diagnosticText(loaded).join('\n').replaceAll(file, 't.scn')};
}

describe('line ends: LF, CRLF and a lone CR are one rule', () => {
	for (const [name, end] of [
		['LF', '\n'],
		['CRLF', '\r\n'],
		['CR', '\r'],
	] as const) {
		it(`${name}: every statement compiles on its own line; positions and the source pane agree`, () => {
			const loaded = loadText('t.scn', lines.join(end) + end);
			expect(diagnosticText(loaded)).toEqual([]);
			expect(loaded.scenario!.title).toBe('line ends');
			expect(loaded.scenario!.stepLines).toEqual([4, 5]);
			expect(loaded.scenario!.expectations.map(expectation => expectation.line)).toEqual([6]);
			const broken = loadText('t.scn', [...lines.slice(0, 4), 'cpu9: user', ...lines.slice(4)].join(end));
			expect(diagnosticText(broken)[0]).toBe('t.scn:5:1: error[SCN010]: This scenario has 2 CPUs (cpu0 to cpu1); found cpu9.\n5 | cpu9: user\n    ^^^^');
			const pane = sourceLines(loaded.source.body, 4, new Set(), new Map());
			expect(pane[3]!.text).toBe(' >  4 cpu0: switch A');
			expect(pane.every(line => !/[\r\n]/.test(line.text))).toBe(true);
		});
	}

	it('a comment ends at a lone CR: what follows is a statement, not comment text', () => {
		const loaded = loadText('t.scn', '# comment\rcpu7: user\r');
		expect(diagnosticText(loaded)[0]).toMatch(/^t\.scn:2:1: error\[SCN010\]/);
	});
});

describe('encodings: a fatal UTF-8 decoder', () => {
	const invalid = Buffer.concat([Buffer.from('pmap A\n# caf'), Buffer.from([0xe9]), Buffer.from('\ncpu0: switch A\n')]);
	const notText = 't.scn:1:1: error[SCN001]: This is not a text file (it is not valid UTF-8).';

	it('an invalid byte is refused', async () => {
		expect((await load(invalid)).text).toBe(notText);
	});

	it('still refused when a comment holds a literal U+FFFD', async () => {
		expect((await load(Buffer.concat([Buffer.from('# \uFFFD replacement character\n'), invalid]))).text).toBe(notText);
	});

	it('still refused with CR-only line ends', async () => {
		expect((await load(Buffer.from(invalid.toString('latin1').replaceAll('\n', '\r'), 'latin1'))).text).toBe(notText);
	});

	it('a literal U+FFFD in valid UTF-8 is fine', async () => {
		const {loaded} = await load('# \uFFFD\npmap A\ncpu0: switch A\n');
		expect(loaded.diagnostics).toEqual([]);
	});
});

describe('what is read, and how much', () => {
	it('a character device (/dev/zero) is refused at once: scenarios, command files, schedules', async () => {
		expect(diagnosticText(await loadFile('/dev/zero')).join('\n')).toBe('/dev/zero:1:1: error[SCN001]: Cannot read the scenario: it is a character device, not a regular file.');
		const scenario = path.join(scratch(), 't.scn');
		writeFileSync(scenario, 'pmap A\ncpu0: switch A\n');
		await expect(batchCommand([scenario], {ablate: [], nx: true}, [{kind: 'file', value: '/dev/zero'}])).rejects.toThrow('cannot read the command file /dev/zero: it is a character device, not a regular file');
		const {scenario: compiled} = loadText('t.scn', 'pmap A\ncpu0: switch A\n');
		await expect(sessionWithSchedule(compiled!, {}, '/dev/zero')).rejects.toThrow('cannot read the schedule /dev/zero: it is a character device, not a regular file');
	}, 10_000);

	it('a folder is refused', async () => {
		const folder = scratch();
		expect(diagnosticText(await loadFile(folder))).toEqual([`${folder}:1:1: error[SCN001]: Cannot read the scenario: it is a folder.`]);
	});

	it('a file larger than 16 MiB is refused without being read; one at the limit is read', async () => {
		const folder = scratch();
		const large = path.join(folder, 'large.scn');
		writeFileSync(large, '');
		truncateSync(large, MAX_INPUT_BYTES + 1);
		expect(diagnosticText(await loadFile(large))).toEqual([`${large}:1:1: error[SCN001]: Cannot read the scenario: it is larger than 16 MiB, the limit for input files.`]);
		const limit = path.join(folder, 'limit.scn');
		writeFileSync(limit, 'pmap A\ncpu0: switch A\n' + '#'.repeat(9_000).concat('\n').repeat(Math.floor((MAX_INPUT_BYTES - 30) / 9_001)));
		expect((await loadFile(limit)).diagnostics).toEqual([]);
	}, 20_000);

	it('a pipe is read up to the limit: a short one compiles, an endless one is refused', async () => {
		const folder = scratch();
		const fifo = path.join(folder, 'fifo.scn');
		execFileSync('mkfifo', [fifo]);
		const writer = (command: string) => {
			const child = spawn('sh', ['-c', `${command} > '${fifo}'`]);
			return new Promise(resolve => child.on('close', resolve));
		};

		const short = writer(`printf 'pmap A\\ncpu0: switch A\\n'`);
		const loaded = await loadFile(fifo);
		expect(loaded.diagnostics).toEqual([]);
		await short;
		// `yes` writes until the reader closes the pipe (then SIGPIPE ends it).
		const endless = writer(`yes 'cpu0: user'`);
		const refused = await loadFile(fifo);
		expect(diagnosticText(refused)).toEqual([`${fifo}:1:1: error[SCN001]: Cannot read the scenario: it is larger than 16 MiB, the limit for input files.`]);
		await endless;
	}, 20_000);

	it('a command file with CRLF or CR line ends counts lines like a scenario', async () => {
		const folder = scratch();
		const scenario = path.join(folder, 't.scn');
		writeFileSync(scenario, 'pmap A\ncpu0: switch A\n');
		const commands = path.join(folder, 'c.cmds');
		writeFileSync(commands, 'stepi\rfrob\r\nstepi\n');
		const output = await batchCommand([scenario], {ablate: [], nx: true}, [{kind: 'file', value: commands}]);
		expect(output.stderr).toBe(`${commands}:2: undefined command "frob" (try "help")\n`);
	});
});
