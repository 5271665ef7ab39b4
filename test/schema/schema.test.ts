/**
 * The published JSON Schema: it is what the event table generates, it describes every
 * field of every event, and every JSON line pmapdbg prints validates against it (every
 * shipped scenario in every configuration, with every ablation, seeded, explored; the
 * table and the list), while records that break it do not.
 */
import {mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {ablations, createMachine, defaultScheduler, eventNames, eventTable, linuxAblations, makeConfig, runToEnd} from '../../source/engine/index.js';
import {eventRecord} from '../../source/report/records.js';
import {eventFieldNames} from '../../source/scenario/event-fields.js';
import {pmapdbg, pmapdbgWith, root} from '../cli/helpers.js';
import {schemaPath, schemaText} from './schema-file.js';
import {invalidLines, publishedSchema, schemaErrors} from './validator.js';
import {programOf, shapes} from '../memory/litmus-shapes.js';

/** The event records of the litmus tests under tso (their loads and stores are events of their own). */
function litmusRecords(): string {
	const lines: string[] = [];
	for (const shape of shapes) {
		runToEnd(createMachine(makeConfig('pcid', true, [], 'tso'), programOf(shape)), defaultScheduler, (_state, events) => {
			lines.push(...events.map(event => eventRecord(event)));
		});
	}

	return lines.join('\n') + '\n';
}

const shipped = readdirSync(path.join(root, 'scenarios'))
	.filter(name => name.endsWith('.scn'))
	.map(name => name.replace(/\.scn$/, ''));
/**
 * A scenario that wraps cpu0's PCIDs under PTI (2047 allocations: pinit resets the other
 * pmap's records, so every switch allocates), for pcid_rollover.
 */
function rollover(): string {
	const folder = mkdtempSync(path.join(tmpdir(), 'pmapdbg-rollover-'));
	const steps = Array.from({length: 1100}, () => 'cpu0: switch P\ncpu0: pinit Q\ncpu0: switch Q\ncpu0: pinit P').join('\n');
	const file = path.join(folder, 'rollover.scn');
	writeFileSync(file, `title "PCID wrap"\ncpus 1\npmap P Q\n${steps}\nexpect count pcid_rollover >= 1\n`);
	return file;
}

const defs = publishedSchema['$defs'] as Record<string, {properties?: Record<string, unknown>; required?: string[]; description?: string}>;

describe('schema/trace.schema.json', () => {
	it('is what npm run update-schema generates from the event table', () => {
		expect(readFileSync(schemaPath, 'utf8')).toBe(schemaText());
	});

	it('describes every field of every event, with the meaning of each event', () => {
		for (const name of eventNames) {
			const fields = defs[`fields.${name}`];
			expect({name, fields: Object.keys(fields?.properties ?? {})}).toEqual({name, fields: [...eventFieldNames[name]]});
			expect({name, required: fields?.required}).toEqual({name, required: [...eventFieldNames[name]]});
			expect(fields?.description).toBe(eventTable[name].doc);
		}
	});

	it('every record of every shipped scenario in every configuration validates', async () => {
		const {stdout, stderr} = await pmapdbg('run', ...shipped, '--mode', 'all', '--invpcid', 'all', '--kernel', 'all', '--json');
		expect(stderr).toBe('');
		const records = stdout.trimEnd().split('\n').map(line => JSON.parse(line) as {record: string});
		expect(new Set(records.map(record => record.record))).toEqual(new Set(['event', 'expect', 'result']));
		expect(invalidLines(stdout)).toEqual([]);
	});

	it('ablated, seeded and PCID-wrapping runs validate, and together show every event kind', async () => {
		const outputs = await Promise.all([
			...ablations.map(async name => (await pmapdbg('run', ...shipped, '--mode', 'all', '--invpcid', 'all', '--ablate', name, '--seed', '11', '--json')).stdout),
			// Linux's events come from Linux's runs (the hardware's keep their names there).
			...linuxAblations.map(async name => (await pmapdbg('run', ...shipped, '--kernel', 'linux', '--mode', 'all', '--invpcid', 'all', '--ablate', name, '--seed', '11', '--json')).stdout),
			(await pmapdbg('run', ...shipped, '--mode', 'all', '--invpcid', 'all', '--json')).stdout,
			(await pmapdbg('run', rollover(), '--mode', 'pti-pcid', '--json')).stdout,
			litmusRecords(),
		]);
		const text = outputs.join('');
		expect(text).toContain('"found":');
		expect(text).toContain('"seed":11');
		expect(invalidLines(text)).toEqual([]);
		// Each event's branch of the schema is exercised by a real record.
		const seen = new Set(text.match(/"event":"[a-z0-9_]+"/g)!.map(match => match.slice(9, -1)));
		expect([...seen].sort()).toEqual([...eventNames].sort());
	});

	it('explore --json, table --json and list --json validate', async () => {
		const cwd = mkdtempSync(path.join(tmpdir(), 'pmapdbg-schema-'));
		const explored = await pmapdbgWith({cwd}, 'explore', ...shipped, '--mode', 'all', '--invpcid', 'all', '--ablate', 'switch-irq-enabled', '--json');
		expect(explored.stdout).toContain('"result":"violation"');
		expect(invalidLines(explored.stdout)).toEqual([]);
		const rows = JSON.parse((await pmapdbg('table', '--json')).stdout) as unknown[];
		expect(rows.flatMap(row => schemaErrors(row))).toEqual([]);
		const list = await pmapdbg('list', '--json');
		expect(invalidLines(list.stdout)).toEqual([]);
	});

	it('refuses what breaks it: an unknown field, a missing field, a wrong type, another format', () => {
		const good = {format: 1, record: 'event', step: 3, cpu: 1, line: 7, event: 'invlpg', va: '0x400000', pcid: 2};
		expect(schemaErrors(good)).toEqual([]);
		expect(schemaErrors({...good, extra: 1})).not.toEqual([]);
		const {pcid: _pcid, ...missing} = good;
		expect(schemaErrors(missing)).not.toEqual([]);
		expect(schemaErrors({...good, va: 4_194_304})).not.toEqual([]);
		expect(schemaErrors({...good, format: 2})).not.toEqual([]);
		expect(schemaErrors({...good, event: 'invltlb_glob'})).not.toEqual([]);
		expect(schemaErrors({format: 1, record: 'result', result: 'pass'})).not.toEqual([]);
	});
});
