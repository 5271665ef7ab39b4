/**
 * The published JSON Schema (2020-12) of every JSON line pmapdbg prints, generated
 * from the engine's event table and the record kinds (records.ts). `npm run
 * update-schema` writes it to schema/trace.schema.json; a test checks that the
 * committed file is what this builds.
 */
import {allAblations, eventNames, eventTable, fieldEnums, kernels, modes, type EventName, type FieldKind} from '../engine/index.js';
import {countLabels, countNames} from '../diff/counts.js';
import {caseNames} from '../table/cases.js';
import {FORMAT_VERSION, recordKinds, type RecordKind} from './records.js';

/** A JSON Schema, as plain data. */
export type JsonSchema = Record<string, unknown>;

const ref = (name: string): JsonSchema => ({$ref: `#/$defs/${name}`});
const nullable = (schema: JsonSchema): JsonSchema => ({oneOf: [schema, {type: 'null'}]});
const integer = (description: string, minimum = 0): JsonSchema => ({type: 'integer', minimum, description});
const strings = (values: readonly string[], description: string): JsonSchema => ({enum: [...values], description});

/** The schema of each field kind (every kind must have one: adding a kind fails to compile until it does). */
const kindSchemas: Readonly<Record<FieldKind, JsonSchema>> = {
	pmap: {type: 'string', minLength: 1, description: 'A pmap (Linux: an mm), named as the scenario names it (kernel, vmspace0 for kernel threads; Linux: init_mm, LOADED_MM_SWITCHING in loaded_mm).'},
	page: ref('address'),
	'page?': nullable(ref('address')),
	cpu: ref('cpu'),
	pcid: {type: 'integer', minimum: 0, maximum: 4095, description: 'A PCID (the user-table PCID under PTI has bit 0x800 set).'},
	generation: integer('A generation number (pcid_gen, or the initiator\'s shootdown generation).'),
	count: integer('How many.'),
	text: {type: 'string', description: 'Text without spaces: a location in the kernel\'s words (pte(P,0x400000), P.pm_pcidp[1].pm_gen, P.pm_active[1], cpu0.pc_smp_tlb, invl_scoreboard[1][0]), a value, a function.'},
	cpuset: {type: 'string', pattern: '^\\{([0-9]+(,[0-9]+)*)?\\}$', description: 'A set of CPUs, e.g. "{0,2}".'},
	boolean: {type: 'boolean'},
	'pte?': nullable({
		type: 'object',
		description: 'A PTE value: the physical address and the permissions.',
		properties: {pa: ref('address'), perms: {enum: ['r', 'rw', 'rx', 'rwx']}},
		required: ['pa', 'perms'],
		additionalProperties: false,
	}),
	table: strings(fieldEnums.table, 'The page table: kpt (kernel) or upt (PTI user).'),
	ipi: strings(fieldEnums.ipi, 'The request: smp_masked_invlpg, smp_masked_invlpg_range or smp_masked_invltlb.'),
	invpcidType: strings(fieldEnums.invpcidType, 'The INVPCID type.'),
	privilege: strings(fieldEnums.privilege, 'A privilege level.'),
	ucr3Mask: strings(fieldEnums.ucr3Mask, 'ucr3_load_mask: save keeps PCID_SAVE on the next UCR3 load, nosave clears it.'),
	faultReason: strings(fieldEnums.faultReason, 'Why the access faulted.'),
	fenceInstr: strings(fieldEnums.fenceInstr, 'What drained the store buffer.'),
	loadSource: strings(fieldEnums.loadSource, 'Where the load found its value.'),
	asid: integer('A Linux ASID: a slot of cpu_tlbstate.ctxs[] (0 to TLB_NR_DYN_ASIDS - 1); its PCID is asid + 1.'),
	ctx_id: integer('A Linux mm->context.ctx_id (0: a free ASID slot).'),
	flushKind: strings(fieldEnums.flushKind, 'What Linux\'s flush_tlb_func did.'),
	asidSlot: strings(fieldEnums.asidSlot, 'How Linux\'s switch_mm_irqs_off chose the ASID.'),
	flushReason: strings(fieldEnums.flushReason, 'Why should_flush_tlb answered as it did.'),
	flushFunc: strings(fieldEnums.flushFunc, 'The function a Linux TLB IPI runs.'),
};

/**
 * Objects with PROPERTIES (all required but OPTIONAL) and one of the events' own fields,
 * chosen by `event`; nothing else is allowed.
 */
function eventObject(description: string, properties: Record<string, JsonSchema>, optional: readonly string[] = []): JsonSchema {
	return {
		type: 'object',
		description,
		properties: {...properties, event: {enum: [...eventNames], description: 'The event\'s name.'}},
		required: [...Object.keys(properties).filter(name => !optional.includes(name)), 'event'],
		allOf: eventNames.map(name => ({if: {type: 'object', properties: {event: {const: name}}}, then: ref(`fields.${name}`)})),
		unevaluatedProperties: false,
	};
}

/** One event's own fields, all required (an absent value is null). */
function eventFieldsSchema(name: EventName): JsonSchema {
	const fields = Object.entries(eventTable[name].fields) as Array<[string, FieldKind]>;
	return {
		type: 'object',
		description: eventTable[name].doc,
		properties: Object.fromEntries(fields.map(([field, kind]) => [field, kindSchemas[kind]])),
		required: fields.map(([field]) => field),
	};
}

const place = {
	step: integer('The global step number: the micro-operation that reported it.'),
	cpu: ref('cpu'),
	line: integer('The scenario line it belongs to.', 1),
};

const configuration = {
	scenario: {type: 'string', description: 'The scenario\'s path (or shipped name) as given on the command line.'},
	mode: {enum: [...modes]},
	invpcid: {type: 'boolean', description: 'INVPCID present (always false without PCID).'},
	ablate: {type: 'array', items: {enum: [...allAblations()]}, description: 'The protocol rules removed.'},
	// Written only under tso, so that sequentially consistent records stay as they were.
	memory_model: {enum: ['tso'], description: 'x86-TSO store buffers (--memory tso); absent for sequentially consistent memory.'},
	kernel: {enum: [...kernels], description: 'The kernel whose TLB code ran; absent for freebsd, the default.'},
};

const countsObject = (description: string): JsonSchema => ({
	type: 'object',
	description,
	propertyNames: ref('countName'),
	additionalProperties: {
		type: 'object',
		properties: {a: integer('Side A\'s count.'), b: integer('Side B\'s count.')},
		required: ['a', 'b'],
		additionalProperties: false,
	},
});

/** Each record kind's own fields (besides format and record). */
const recordBodies: Readonly<Record<RecordKind, {description: string; properties: Record<string, JsonSchema>; optional?: readonly string[]}>> = {
	event: {description: 'One event of a run (run --json).', properties: place},
	expect: {
		description: 'One checked expectation (run --json); found says what was found instead when it failed.',
		properties: {
			expect: {type: 'string'},
			line: integer('Its scenario line.', 1),
			ok: {type: 'boolean'},
			found: {type: 'string'},
			skipped: {enum: [...kernels], description: 'Not checked: it speaks of this kernel\'s state or events, and the other one ran.'},
		},
		optional: ['found', 'skipped'],
	},
	result: {
		description: 'The last line of a run (run --json): its verdict and configuration.',
		properties: {
			result: {enum: ['pass', 'fail', 'skipped']},
			...configuration,
			seed: nullable(integer('The seed of the random schedule; null for the default order.')),
			steps: integer('Micro-operations executed.'),
			stale: integer('Stale uses.'),
		},
		optional: ['memory_model', 'kernel'],
	},
	exploration: {
		description: 'One configuration explored (explore --json).',
		properties: {
			result: {enum: ['safe', 'violation', 'bounded']},
			...configuration,
			exact: {type: 'boolean', description: 'No reductions (--exact).'},
			states: integer('Distinct states visited.'),
			transitions: integer('Transitions taken.'),
			schedule: nullable({type: 'string', description: 'The counterexample schedule file.'}),
			shortest: {type: 'boolean', description: 'Whether the counterexample is proven shortest over every interleaving (false when there is none).'},
			reason: nullable({enum: ['max-states', 'max-memory', 'interrupted'], description: 'Why a bounded search stopped.'}),
			memory: integer('Bytes the search held at its peak (visited set, paths, queues).'),
			jobs: integer('Worker threads asked for (--jobs).'),
			threads: integer('Threads that took part in the search.'),
			trace: nullable({type: 'string', description: 'The Chrome trace of the counterexample (--trace-out).'}),
		},
		optional: ['memory_model', 'kernel'],
	},
	'table-row': {
		description: 'One row of the derived per-mode table (table --json prints an array of them).',
		properties: {
			mode: {enum: [...modes]},
			invpcid: {type: 'boolean'},
			case: strings(caseNames, 'The seed comment\'s row name.'),
			actions: {type: 'array', items: ref('action')},
			kernel: configuration.kernel,
		},
		optional: ['kernel'],
	},
	scenario: {description: 'One shipped scenario (list --json).', properties: {name: {type: 'string'}, title: {type: 'string'}}},
	'diff-side': {
		description: 'One side of pmapdbg diff: what ran (or which file was read) and how it ended.',
		properties: {
			side: ref('side'),
			file: nullable({type: 'string', description: 'The JSON trace read, or null for a run.'}),
			...configuration,
			seed: nullable(integer('The seed; null for the default order.')),
			result: {enum: ['pass', 'fail', 'skipped']},
			steps: integer('Micro-operations executed.'),
			stale: integer('Stale uses.'),
		},
		optional: ['memory_model', 'kernel'],
	},
	'diff-statement': {
		description: 'One scenario line whose events differ: the events only one side has, and the counts that differ.',
		properties: {
			line: integer('The scenario line.', 1),
			text: nullable({type: 'string', description: 'The statement as the scenario writes it (null when the scenario cannot be read).'}),
			only: {type: 'array', items: ref('diffEvent')},
			counts: countsObject('The counts of the statement that differ.'),
		},
	},
	'diff-summary': {
		description: 'The last line of pmapdbg diff.',
		properties: {
			equivalent: {type: 'boolean', description: 'Every statement did the same on every CPU, and every expectation ended alike.'},
			statements: integer('Scenario lines with events on either side.'),
			differing: {type: 'array', items: integer('A scenario line.', 1), description: 'The lines whose events differ.'},
			counts: countsObject('Every count over the whole run.'),
			verdicts: {
				type: 'array',
				description: 'The expectations whose verdicts differ (null: not checked on that side).',
				items: {
					type: 'object',
					properties: {line: integer('Its scenario line.', 1), expect: {type: 'string'}, a: nullable({type: 'boolean'}), b: nullable({type: 'boolean'})},
					required: ['line', 'expect', 'a', 'b'],
					additionalProperties: false,
				},
			},
		},
	},
};

function recordSchema(kind: RecordKind): JsonSchema {
	const {description, properties, optional = []} = recordBodies[kind];
	const all = {format: ref('format'), record: {const: kind}, ...properties};
	if (kind === 'event') {
		return eventObject(description, all);
	}

	return {type: 'object', description, properties: all, required: Object.keys(all).filter(name => !optional.includes(name)), additionalProperties: false};
}

/** The schema of every JSON record, format FORMAT_VERSION. */
export function traceSchema(): JsonSchema {
	return {
		$schema: 'https://json-schema.org/draft/2020-12/schema',
		$id: `urn:pmapdbg:schema:trace:${FORMAT_VERSION}`,
		title: `pmapdbg JSON records, format ${FORMAT_VERSION}`,
		description:
			'Every line of run --json, explore --json, list --json and diff --json, and every element of the array table --json prints, is one record: an object whose format is the format version and whose record names its kind. Generated from source/engine/event-table.ts by npm run update-schema.',
		type: 'object',
		required: ['format', 'record'],
		properties: {format: ref('format'), record: {enum: [...recordKinds]}},
		allOf: recordKinds.map(kind => ({if: {type: 'object', properties: {record: {const: kind}}}, then: ref(kind)})),
		$defs: {
			format: {const: FORMAT_VERSION, description: 'The format version; raised when a field changes meaning or goes away (adding one does not).'},
			address: {type: 'string', pattern: '^0x[0-9a-f]+$', description: 'A virtual or physical byte address in hex.'},
			cpu: integer('A CPU number.'),
			side: {enum: ['A', 'B'], description: 'Which run of a diff.'},
			...Object.fromEntries(recordKinds.map(kind => [kind, recordSchema(kind)])),
			action: eventObject('An action of a table row: an event of the case, on the initiator or the target (boundary: the kernel entry or return to user around the handler).', {
				on: {enum: ['initiator', 'target']},
				boundary: {enum: ['entry', 'exit']},
				cpu: ref('cpu'),
			}, ['boundary']),
			diffEvent: eventObject('An event only one side of a diff has, with its step on that side.', {side: ref('side'), ...place}),
			...Object.fromEntries(eventNames.map(name => [`fields.${name}`, eventFieldsSchema(name)])),
			countName: {enum: [...countNames], description: Object.entries(countLabels).map(([name, label]) => `${name}: ${label}`).join('; ')},
		},
	};
}
