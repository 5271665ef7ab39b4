/**
 * Terminal escape injection (issue 16): a string with OSC, CSI, BEL and C1 bytes is fed
 * to every output path, and none of it reaches the output raw; where it is shown, it is
 * shown made visible (text/untrusted.ts).
 */
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {batchCommand} from '../../source/cli/batch-command.js';
import {exploreCommand} from '../../source/cli/explore-command.js';
import {parseModes, parseWhole} from '../../source/cli/options.js';
import {parseArguments} from '../../source/cli/parse-arguments.js';
import {UsageError} from '../../source/cli/usage-error.js';
import {runCommand} from '../../source/cli/run-command.js';
import {sessionWithSchedule} from '../../source/cli/schedule-option.js';
import {diagnosticText, loadText} from '../../source/scenario/load.js';
import {App} from '../../source/ui/app.js';
import {DebuggerModel} from '../../source/ui/model.js';
import {pmapdbg} from '../cli/helpers.js';
import {waitForFrame} from '../ui/helpers.js';
import {expectNoControl, HOSTILE, scratch, SHOWN, shipped} from './helpers.js';

/** A valid scenario whose title, comments and file name carry HOSTILE. */
const hostileScenario = `# ${HOSTILE} a comment
title "${HOSTILE}"
pmap A
map A 0x400000 -> 0x1000 rw   # ${HOSTILE}
cpu0: switch A
cpu0: read 0x400000           # ${HOSTILE}
expect cpu0 tlb has A 0x400000
`;

function hostileFile(folder: string, body = hostileScenario): string {
	const file = path.join(folder, `x${HOSTILE}.scn`);
	writeFileSync(file, body);
	return file;
}

function usageMessage(action: () => unknown): string {
	try {
		action();
	} catch (error) {
		expect(error).toBeInstanceOf(UsageError);
		return (error as Error).message;
	}

	throw new Error('expected a usage error');
}

describe('no control character from a file or argv reaches the output raw', () => {
	it('run: the text report (path, title) and JSON lines', async () => {
		const file = hostileFile(scratch());
		const text = await runCommand([file], {ablate: [], json: false});
		expect(text.status).toBe(0);
		expectNoControl(text.stdout, 'run');
		expect(text.stdout).toContain(`x${SHOWN}.scn: ${SHOWN}`);
		const json = await runCommand([file], {ablate: [], json: true});
		expectNoControl(json.stdout, 'run --json');
		const last = JSON.parse(json.stdout.trim().split('\n').at(-1)!) as {scenario: string};
		expect(last.scenario).toBe(file);
		const matrix = await runCommand([file], {ablate: [], json: false, mode: 'all'});
		expectNoControl(matrix.stdout, 'run --mode all');
	});

	it('diagnostics: the source-line echo, messages quoting found text, and the path', async () => {
		const statements = [`cpu0: user ${HOSTILE}`, `cpus "${HOSTILE}"`, `title ${HOSTILE}`, `cpu0: read 0x1 # ${HOSTILE}\u0000`];
		for (const body of statements) {
			const loaded = loadText(`t${HOSTILE}.scn`, body);
			const text = diagnosticText(loaded).join('\n');
			expect(loaded.diagnostics.length).toBeGreaterThan(0);
			expectNoControl(text, body);
			expect(text.startsWith(`t${SHOWN}.scn:1:`)).toBe(true);
		}

		const echo = diagnosticText(loadText('t.scn', `cpu0: user ${HOSTILE}`)).join('\n');
		expect(echo).toContain(`1 | cpu0: user ${SHOWN}`);
		expect(echo).toContain('error[SCN016]: Unexpected character "\\x1b".');
		// The caret sits under the escaped character.
		const [, excerpt, carets] = echo.split('\n');
		expect(excerpt!.indexOf('\\x1b')).toBe(carets!.indexOf('^'));
		const found = diagnosticText(loadText('t.scn', `cpus "${HOSTILE}"`)).join('\n');
		expect(found).toContain(`found "\\"${SHOWN}\\""`);
		const missing = await runCommand([`no-such${HOSTILE}.scn`], {ablate: [], json: false});
		expect(missing.status).toBe(2);
		expectNoControl(missing.stderr, 'unreadable file');
	});

	it('--batch: command output, errors quoting the command, the command file name', async () => {
		const folder = scratch();
		const scenario = hostileFile(folder);
		const commands = path.join(folder, `c${HOSTILE}.cmds`);
		writeFileSync(commands, [`stepi`, `${HOSTILE}`, `break ${HOSTILE}`, `print ${HOSTILE}`, `help ${HOSTILE}`, `watch ${HOSTILE}`, `info ${HOSTILE}`, 'info breakpoints', 'continue'].join('\n'));
		const output = await batchCommand([scenario], {ablate: [], nx: true}, [{kind: 'file', value: commands}]);
		expect(output.status).toBe(1);
		expectNoControl(output.stdout, 'batch stdout');
		expectNoControl(output.stderr, 'batch stderr');
		expect(output.stderr).toContain(`c${SHOWN}.cmds:2: undefined command "${SHOWN}"`);
	});

	it('explore: verdict rows, JSON lines and the counterexample file it writes', async () => {
		const folder = scratch();
		const body = shipped('pm-active-race-late-zero').replace(/^title .*$/m, `title "${HOSTILE}"`);
		const scenario = hostileFile(folder, body);
		const text = await exploreCommand([scenario], {ablate: ['late-pm-gen-zero'], json: false, mode: 'pcid'});
		expect(text.status).toBe(1);
		expectNoControl(text.stdout, 'explore');
		expect(text.stdout).toContain(`${SHOWN}.scn: ${SHOWN}`);
		const written = readFileSync(`${scenario}.counterexample`, 'utf8');
		expectNoControl(written, 'the counterexample file');
		expect(written.startsWith('# counterexample: stale_use in ')).toBe(true);
		const json = await exploreCommand([scenario], {ablate: ['late-pm-gen-zero'], json: true, mode: 'pcid'});
		expectNoControl(json.stdout, 'explore --json');
		expect(JSON.parse(json.stdout)).toMatchObject({result: 'violation', scenario});
	});

	it('schedule files read back, and usage errors quoting argv values', async () => {
		const folder = scratch();
		const schedule = path.join(folder, `s${HOSTILE}`);
		writeFileSync(schedule, `cpu0\n${HOSTILE}\n`);
		const loaded = loadText('t.scn', hostileScenario);
		const message = await sessionWithSchedule(loaded.scenario!, {}, schedule).then(
			() => '',
			(error: Error) => error.message,
		);
		expect(message).toContain(`s${SHOWN}:2: expected "cpuN", "cpuN irq" or "cpuN flush", found "${SHOWN}"`);
		expectNoControl(message, 'schedule problems');
		for (const action of [() => parseModes(HOSTILE), () => parseWhole('seed', HOSTILE, 0, 9)]) {
			const usage = usageMessage(action);
			expectNoControl(usage, 'usage error');
			expect(usage).toContain(SHOWN);
		}

		const batchUsage = await batchCommand([hostileFile(folder)], {ablate: [], nx: true}, [{kind: 'file', value: path.join(folder, `none${HOSTILE}`)}]).then(
			() => '',
			(error: Error) => error.message,
		);
		expectNoControl(batchUsage, 'unreadable command file');
		expect(usageMessage(() => parseArguments([`--x${HOSTILE}=1`], import.meta))).toBe(`unknown flag "--x${SHOWN}" (pmapdbg --help lists them)`);
		expect(parseArguments(['--batch', '-x', 'file', 'default', '--mode', 'pcid', '--', `--${HOSTILE}`], import.meta).input).toEqual(['default', `--${HOSTILE}`]);
	});

	it('the binary: an unknown flag and a bad flag value holding escapes', async () => {
		const flag = await pmapdbg(`--frob${HOSTILE}`);
		expect(flag.status).toBe(2);
		expectNoControl(flag.stderr, 'unknown flag');
		expect(flag.stderr).toBe(`pmapdbg: unknown flag "--frob${SHOWN}" (pmapdbg --help lists them)\n`);
		const value = await pmapdbg('run', 'scenarios/default.scn', '--mode', HOSTILE);
		expect(value.status).toBe(2);
		expectNoControl(value.stderr, 'bad --mode');
	});

	it('the TUI: the status-line title, the source pane with comments, events, the output line, pickers, diagnostics', async () => {
		const loaded = loadText(`t${HOSTILE}.scn`, hostileScenario);
		const model = new DebuggerModel(loaded.scenario!);
		model.execute('stepi 3');
		model.execute(`frob${HOSTILE}`);
		const screen = render(<App opened={{model}} files={[]} open={async () => ({})} color={false} />);
		const frame = await waitForFrame(screen.lastFrame, f => f.includes('Source'), 'the debugger');
		// Ink's own styling (SGR) aside, nothing raw: the payload is shown made visible.
		const unstyled = frame.replaceAll(/\u001B\[[0-9;]*m/g, '');
		expectNoControl(unstyled, 'a TUI frame');
		expect(unstyled).toMatch(/^steps \d+\/\d+ .* \\x1b\]2;PWNED\\x07/m);
		expect(unstyled).toMatch(/^.. {2}1 # \\x1b\]2;PWNED/m);
		expect(unstyled).toContain('undefined command "frob\\x1b]2;PWNED');
		screen.unmount();
		const picker = render(<App opened={undefined} files={[{path: `a${HOSTILE}.scn`, title: `t${HOSTILE}`}, {path: 'b.scn', title: 'b'}]} open={async () => ({})} color={false} />);
		const listed = await waitForFrame(picker.lastFrame, f => f.includes('Open a scenario'), 'the picker');
		expectNoControl(listed.replaceAll(/\u001B\[[0-9;]*m/g, ''), 'the scenario picker');
		expect(listed).toContain(`a${SHOWN}`.slice(0, 20));
		picker.unmount();
		const diagnostics = diagnosticText(loadText('t.scn', `cpu0: user ${HOSTILE}`)).join('\n');
		const broken = render(<App opened={{diagnostics: diagnostics + `\n${HOSTILE}`}} files={[]} open={async () => ({})} color={false} />);
		const shown = await waitForFrame(broken.lastFrame, f => f.includes('SCN016'), 'the diagnostics');
		expectNoControl(shown.replaceAll(/\u001B\[[0-9;]*m/g, ''), 'the diagnostics view');
		broken.unmount();
	});
});
