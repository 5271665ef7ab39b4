/** Inspection: info, print, where, why, stale. */
import {PAGE_SIZE} from '../engine/index.js';
import {parseNumber} from '../report/number.js';
import type {Session} from '../session/session.js';
import {parseExpression} from '../session/watch.js';
import {CommandError, type Command} from './command.js';
import {describePosition} from './describe.js';
import {infoDisplay} from './display.js';
import {infoExpect} from './expectations.js';
import {infoCpu, infoIpis, infoPmap, infoTlb} from './inspect.js';
import {listPoints} from './points.js';
import {why} from './why.js';

function cpuList(session: Session, arg: string | undefined): number[] {
	const all = session.state.cpus.map(cpu => cpu.id);
	if (arg === undefined) {
		return all;
	}

	const match = /^(?:cpu)?([0-9]+)$/.exec(arg);
	if (!match || Number(match[1]) >= all.length) {
		throw new CommandError(`expected a CPU (cpu0 to cpu${all.length - 1}), found "${arg}"`);
	}

	return [Number(match[1])];
}

function pmapList(session: Session, arg: string | undefined): number[] {
	const {pmaps} = session.state;
	if (arg === undefined) {
		return pmaps.map(pmap => pmap.id).filter(id => id !== 1);
	}

	const id = pmaps.findIndex(pmap => pmap.name === arg);
	if (id < 0) {
		throw new CommandError(`expected a pmap (${pmaps.map(pmap => pmap.name).join(', ')}), found "${arg}"`);
	}

	return [id];
}

const infoTopics: Record<string, (session: Session, arg: string | undefined) => string[]> = {
	tlb: (session, arg) => infoTlb(session.state, cpuList(session, arg)),
	pmap: (session, arg) => infoPmap(session.state, pmapList(session, arg)),
	cpu: (session, arg) => infoCpu(session.state, cpuList(session, arg)),
	ipis: session => infoIpis(session.state),
	expect: session => infoExpect(session),
	display: session => infoDisplay(session),
	breakpoints: session => listPoints(session),
	watchpoints: session => listPoints(session),
};

/** The inspection commands. */
export const infoCommands: Command[] = [
	{
		name: 'info',
		aliases: ['i', 'inf'],
		usage: 'info tlb [cpuN] | pmap [P] | cpu [N] | ipis | expect | display | breakpoints',
		help: 'Show TLBs, pmaps, CPUs, IPIs in flight, where each expect line stands, or the breakpoint list.',
		repeatable: false,
		run({session}, args) {
			const [topic, arg] = args;
			const names = Object.keys(infoTopics);
			const matches = topic === undefined ? [] : names.filter(name => name.startsWith(topic));
			if (matches.length !== 1) {
				throw new CommandError(`info takes one of ${names.join(', ')}${topic === undefined ? '' : `; found "${topic}"`}`);
			}

			return infoTopics[matches[0]!]!(session, arg);
		},
	},
	{
		name: 'print',
		aliases: ['p'],
		usage: 'print EXPR',
		help: 'Print pm_gen P cpuN, pm_pcid P cpuN, pm_active P, pte P VA, tlb cpuN P VA, ucr3_load_mask cpuN, curpmap cpuN, cr3 cpuN, pcid_next cpuN, pcid_gen cpuN; Linux: tlb_gen MM, ctx_id MM, mm_cpumask MM, loaded_mm cpuN, loaded_mm_asid cpuN, is_lazy cpuN, next_asid cpuN, ctxs cpuN, user_pcid_flush_mask cpuN.',
		repeatable: false,
		run({session}, args) {
			const expression = parseExpression(args, session.state);
			if (typeof expression === 'string') {
				throw new CommandError(expression);
			}

			return [`${expression.text} = ${session.read(expression)}`];
		},
	},
	{
		name: 'where',
		aliases: ['bt', 'backtrace'],
		usage: 'where',
		help: 'Show the current step, scenario line and events.',
		repeatable: false,
		run: ({session}) => [`${session.at} steps executed of ${session.recorded} recorded${session.done ? ' (the scenario has finished)' : ''}`, ...describePosition(session)],
	},
	{
		name: 'why',
		aliases: [],
		usage: 'why cpuN P VA',
		help: 'Explain a translation in cpuN\'s TLB: its fill, the PTE change that made it obsolete, the invalidation that should have removed it, and why it did not.',
		repeatable: false,
		run({session}, args) {
			const [cpuArg, pmapArg, vaArg] = args;
			const [cpu] = cpuList(session, cpuArg ?? 'missing');
			const [pmap] = pmapList(session, pmapArg ?? '(missing)');
			const va = parseNumber(vaArg);
			if (va === undefined) {
				throw new CommandError(`why takes cpuN PMAP VA; found "${args.join(' ')}"`);
			}

			const vpn = Number(va / BigInt(PAGE_SIZE));
			return why(session, session.eventsSoFar(), cpu!, pmap!, vpn);
		},
	},
	{
		name: 'stale',
		aliases: [],
		usage: 'stale stop|ignore',
		help: 'Whether a stale use stops execution (the default) or is only reported.',
		repeatable: false,
		run({session}, args) {
			if (args[0] !== 'stop' && args[0] !== 'ignore') {
				throw new CommandError(`stale takes stop or ignore, found "${args[0] ?? 'nothing'}"`);
			}

			session.staleStops = args[0] === 'stop';
			return [`Stale uses ${session.staleStops ? 'stop execution' : 'are reported only'}.`];
		},
	},
];
