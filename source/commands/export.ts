/** `export FILE`: the run so far as a Chrome trace (source/report/chrome-trace.ts), for Perfetto and chrome://tracing. */
import {chromeTrace, chromeTraceText} from '../report/chrome-trace.js';
import {CommandError, type Command} from './command.js';

/** The export command. */
export const exportCommand: Command = {
	name: 'export',
	aliases: [],
	usage: 'export FILE',
	help: 'Write the steps run so far as a Chrome trace (open it in ui.perfetto.dev or chrome://tracing; 1 step = 1 ms).',
	repeatable: false,
	run({session, writeFile}, args) {
		const file = args[0];
		if (file === undefined || args.length > 1) {
			throw new CommandError('export takes one file name: export FILE');
		}

		if (writeFile === undefined) {
			throw new CommandError('export cannot write files in this session');
		}

		const events = session.eventsSoFar();
		const {config, scenario} = session;
		const trace = chromeTrace(
			{
				scenario: scenario.source.name,
				title: scenario.title,
				cpus: scenario.cpus,
				source: scenario.source.body,
				configuration: {mode: config.mode, invpcid: config.invpcid, ablate: config.ablate, seed: session.seed ?? null, steps: session.at},
			},
			events,
		);
		try {
			writeFile(file, chromeTraceText(trace));
		} catch (error) {
			throw new CommandError(`cannot write ${file}: ${(error as Error).message}`);
		}

		return [`Exported steps 0 to ${session.at} (${events.length} events) to ${file}, a Chrome trace for ui.perfetto.dev or chrome://tracing.`];
	},
};
