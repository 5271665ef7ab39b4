/** `--schedule FILE`: a recorded schedule replays exactly; a bad one is refused by line. */
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {formatSchedule, parseSchedule} from '../../source/session/schedule-file.js';
import {sessionOn} from '../session/helpers.js';
import {pmapdbg} from './helpers.js';

describe('--schedule', () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'pmapdbg-'));

	it('a seeded run, saved as a schedule, replays to the same stale use', async () => {
		// The r306350 window shows under this seed (the scenario's fails-with line).
		const seeded = sessionOn('curpmap-window', {ablate: ['switch-irq-enabled'], seed: 23});
		seeded.forward();
		const stale = seeded.events.find(event => event.event === 'stale_use');
		expect(stale).toBeDefined();
		const scheduleFile = path.join(folder, 'window.schedule');
		writeFileSync(scheduleFile, formatSchedule(seeded.recordedChoices(), ['curpmap-window, seed 23']));
		const commands = path.join(folder, 'continue.cmds');
		writeFileSync(commands, 'continue\nwhere\n');
		const replay = await pmapdbg('--batch', '-x', commands, 'scenarios/curpmap-window.scn', '--ablate', 'switch-irq-enabled', '--schedule', scheduleFile);
		expect(replay.stderr).toBe('');
		expect(replay.stdout).toContain(`at step ${stale!.step}, line ${stale!.line}`);
		expect(replay.stdout.split('\n')[0]).toMatch(/^Stale use: cpu1 used P 0x400000/);
	});

	it('a schedule that does not fit, or does not parse, is refused with its line', async () => {
		const bad = path.join(folder, 'bad.schedule');
		writeFileSync(bad, '# header\ncpu1\ncpu9 irq\n');
		const commands = path.join(folder, 'where.cmds');
		writeFileSync(commands, 'where\n');
		const misfit = await pmapdbg('--batch', '-x', commands, 'scenarios/default.scn', '--schedule', bad);
		expect(misfit.status).toBe(2);
		expect(misfit.stderr).toMatch(/bad\.schedule:3: cpu9 irq cannot move at step 1 \(the schedule does not fit this scenario and configuration\)\n$/);
		writeFileSync(bad, 'cpu0\nfrob\n');
		const garbled = await pmapdbg('--batch', '-x', commands, 'scenarios/default.scn', '--schedule', bad);
		expect(garbled.stderr).toMatch(/bad\.schedule:2: expected "cpuN", "cpuN irq" or "cpuN flush", found "frob"\n$/);
	});

	it('an explore counterexample carries its configuration; --schedule applies it, refuses a contradicting flag or another scenario', async () => {
		const own = mkdtempSync(path.join(tmpdir(), 'pmapdbg-cx-'));
		const out = path.join(own, 'window.counterexample');
		const explored = await pmapdbg('explore', 'curpmap-window', '--ablate', 'switch-irq-enabled', '--mode', 'pcid', '--invpcid', 'off', '--out', out);
		expect(explored.status).toBe(1);
		const text = readFileSync(out, 'utf8');
		expect(text).toContain('\n# mode: pcid\n# invpcid: off\n# memory: sc\n# ablate: switch-irq-enabled\n');
		// Every choice line says what its step did.
		const choiceLines = text.split('\n').filter(line => /^cpu\d/.test(line));
		expect(choiceLines.every(line => /^cpu\d+( irq)? +# step \d+/.test(line))).toBe(true);
		expect(choiceLines[0]).toMatch(/# step 0, line 21: context_switch cpu1 from=vmspace0 to=P$/);
		const commands = path.join(own, 'c.cmds');
		writeFileSync(commands, 'continue\n');
		// No flags: the header's configuration.
		const replay = await pmapdbg('--batch', '-x', commands, 'curpmap-window', '--schedule', out);
		expect(replay).toMatchObject({stderr: '', status: 0});
		expect(replay.stdout).toMatch(/^Stale use: cpu1 used P 0x400000 -> 0x1000/);
		// The same flags as recorded: fine; another one: refused, naming both.
		expect((await pmapdbg('--batch', '-x', commands, 'curpmap-window', '--schedule', out, '--mode', 'pcid')).status).toBe(0);
		const contradiction = await pmapdbg('--batch', '-x', commands, 'curpmap-window', '--schedule', out, '--invpcid', 'on');
		expect(contradiction).toEqual({stdout: '', stderr: `pmapdbg: --invpcid on contradicts ${out}:8 (invpcid: off); leave it out to replay the schedule's configuration\n`, status: 2});
		const other = await pmapdbg('--batch', '-x', commands, 'default', '--schedule', out);
		expect(other.stderr).toMatch(/^pmapdbg: .*window\.counterexample:6: this schedule was recorded on "curpmap window: an IPI inside pmap_activate_sw \(r306350\)", not on this scenario \("remote user page, pmap active on the other CPU"\)\n$/);
		// Edited by hand (every comment and the header gone, the configuration as flags): it still replays.
		const bare = path.join(own, 'bare.schedule');
		writeFileSync(bare, choiceLines.map(line => line.replace(/\s*#.*/, '')).join('\n') + '\n');
		const edited = await pmapdbg('--batch', '-x', commands, 'curpmap-window', '--schedule', bare, '--ablate', 'switch-irq-enabled', '--mode', 'pcid', '--invpcid', 'off');
		expect(edited.stdout).toBe(replay.stdout);
	});

	it('a TSO counterexample records its memory model: --schedule replays it under tso and refuses --memory sc', async () => {
		const own = mkdtempSync(path.join(tmpdir(), 'pmapdbg-cx-'));
		const out = path.join(own, 'fence.counterexample');
		const explored = await pmapdbg('explore', 'tso-preipi-fence', '--ablate', 'no-preipi-fence', '--mode', 'pcid', '--invpcid', 'on', '--out', out);
		expect(explored.status).toBe(1);
		const text = readFileSync(out, 'utf8');
		expect(text).toContain('\n# memory: tso\n');
		// The store still buffered when the other CPU read memory (no flush before the stale use).
		expect(text).toMatch(/^cpu0 +# step \d+, line \d+: .*sb_store cpu0 word=/m);
		const commands = path.join(own, 'c.cmds');
		writeFileSync(commands, 'continue\n');
		const replay = await pmapdbg('--batch', '-x', commands, 'tso-preipi-fence', '--schedule', out);
		expect(replay).toMatchObject({stderr: '', status: 0});
		expect(replay.stdout).toMatch(/^Stale use: /);
		const line = text.split('\n').indexOf('# memory: tso') + 1;
		expect(await pmapdbg('--batch', '-x', commands, 'tso-preipi-fence', '--schedule', out, '--memory', 'sc')).toEqual({stdout: '', stderr: `pmapdbg: --memory sc contradicts ${out}:${line} (memory: tso); leave it out to replay the schedule's configuration\n`, status: 2});
	});

	it('round-trips choices', () => {
		const choices = [{cpu: 0, kind: 'run'}, {cpu: 2, kind: 'irq'}] as const;
		expect(parseSchedule(formatSchedule(choices, ['x'])).choices).toEqual(choices);
	});
});
