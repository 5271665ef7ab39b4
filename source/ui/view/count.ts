/** How many lines each pane has now (for End and the source cursor). */
import {lineCount} from '../../scenario/source.js';
import type {PaneId} from '../layout.js';
import type {DebuggerModel} from '../model.js';
import {laneLines} from './lanes.js';
import {outputLines} from './output.js';

/** The number of lines of PANE. */
export function paneLineCount(model: DebuggerModel, pane: PaneId, width: number, lanes = false): number {
	const {state, scenario} = model.session;
	switch (pane) {
		case 'source': {
			return lineCount(scenario.source);
		}

		case 'cpus': {
			return state.cpus.length * 2;
		}

		case 'tlbs': {
			return state.cpus.reduce((sum, cpu) => sum + 1 + cpu.tlb.length, 0);
		}

		case 'pmaps': {
			return state.pmaps.reduce((sum, pmap) => sum + 2 + pmap.ptes.length, 0);
		}

		case 'events': {
			// The chart's width only changes how many lanes it draws, not its rows.
			return lanes ? laneLines(model.recentEvents(), undefined, width).length : model.recentEvents().length;
		}

		case 'output': {
			return outputLines(model, width).length;
		}

		default: {
			return 20;
		}
	}
}
