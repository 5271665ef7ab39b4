/** `--schedule FILE`: a recorded schedule replays exactly; a bad one is refused by line. */
import {mkdtempSync, writeFileSync} from 'node:fs';
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

	it('round-trips choices', () => {
		const choices = [{cpu: 0, kind: 'run'}, {cpu: 2, kind: 'irq'}] as const;
		expect(parseSchedule(formatSchedule(choices, ['x'])).choices).toEqual(choices);
	});
});
