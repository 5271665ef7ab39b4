/** The fixed states whose whole screen is pinned as a golden frame. */
import {renderToString} from 'ink';
import {computeLayout} from '../../source/ui/layout.js';
import {Screen} from '../../source/ui/app.js';
import {initialUiState} from '../../source/ui/ui-state.js';
import {modelOn} from '../ui/helpers.js';

/** A frame: scenario, commands to reach the state, terminal size. */
export type FrameGolden = {
	readonly name: string;
	readonly scenario: string;
	readonly commands: readonly string[];
	readonly columns: number;
	readonly rows: number;
	readonly ablate?: 'no-ipi-active';
	/** The events pane shows the IPI lanes (the l key). */
	readonly lanes?: boolean;
};

/** The pinned frames. */
export const frameGoldens: readonly FrameGolden[] = [
	{name: 'frame-default-80x24', scenario: 'default', commands: ['break ipi_send', 'continue'], columns: 80, rows: 24},
	{name: 'frame-two-initiators-160x48', scenario: 'two-initiators', commands: ['break ipi_handle cpu=2', 'continue', 'stepi'], columns: 160, rows: 48},
	{name: 'frame-lanes-two-initiators-80x24', scenario: 'two-initiators', commands: ['break ipi_ack cpu=2 from=1', 'continue'], columns: 80, rows: 24, lanes: true},
	{name: 'frame-lanes-two-initiators-200x60', scenario: 'two-initiators', commands: ['break ipi_handle cpu=2 from=1', 'continue', 'stepi'], columns: 200, rows: 60, lanes: true},
	{name: 'frame-stale-100x30', scenario: 'pm-active-race-no-ipi', commands: ['continue'], columns: 100, rows: 30, ablate: 'no-ipi-active'},
];

/** The frame's text, without colours. */
export function renderFrame(golden: FrameGolden): string {
	const model = modelOn(golden.scenario, golden.ablate ? {ablate: [golden.ablate]} : {});
	for (const command of golden.commands) {
		model.execute(command);
	}

	const layout = computeLayout(golden.columns, golden.rows, model.session.state.cpus.length);
	return renderToString(<Screen model={model} layout={layout} ui={{...initialUiState, lanes: golden.lanes ?? false}} color={false} />, {columns: golden.columns}) + '\n';
}
