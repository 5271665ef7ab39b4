/**
 * The open session as the App holds it, and what replaces it: opening another scenario
 * (`o`), restarting in another configuration (`m`), reloading the file (`R`,
 * `--watch`). Breakpoints, watchpoints and displays carry over (transplant.ts); a reload
 * that finds errors keeps the session and shows them, so nothing is lost.
 */
import {useState} from 'react';
import {configurations, makeConfig, modeLetter, type Mode} from '../engine/index.js';
import {excludedByRequire} from '../session/expectation-status.js';
import type {DebuggerModel} from './model.js';
import type {PickerItem} from './picker.js';
import {transplant} from './transplant.js';

/** What opening a scenario file gives: a model, or the diagnostics to show; and the file. */
export type Opened = {readonly model?: DebuggerModel; readonly diagnostics?: string; readonly file?: string};

/** A scenario file the picker offers, with its title. */
export type ScenarioFile = {readonly path: string; readonly title: string};

const configValue = (mode: Mode, invpcid: boolean) => `${mode}/${invpcid}`;

/** The six configurations as picker items, keyed A-F. */
export const configItems: readonly PickerItem[] = configurations.map(({mode, invpcid}) => {
	const letter = modeLetter(makeConfig(mode, invpcid));
	const pcid = mode === 'pcid' || mode === 'pti-pcid';
	return {key: letter, label: `${letter}  ${mode}`, detail: pcid ? `invpcid ${invpcid ? 'on' : 'off'}` : '', value: configValue(mode, invpcid)};
});

/** The session state and its replacements. */
export function useSession(opened: Opened | undefined, open: (file: string) => Promise<Opened>, refresh: () => void) {
	const [current, setCurrent] = useState<Opened | undefined>(opened);
	const model = current?.model;

	const openScenario = (file: string) => {
		void open(file).then(result => {
			setCurrent({...result, file});
		});
	};

	const pickConfig = (value: string) => {
		if (model === undefined) {
			return;
		}

		const [mode, invpcid] = value.split('/') as [Mode, string];
		const {session} = model;
		const {model: next, notes} = transplant(model, session.scenario, {mode, invpcid: invpcid === 'true', ablate: [...session.config.ablate], seed: session.seed}, false);
		const skipped = excludedByRequire(next.session)
			? [`This configuration is excluded by the scenario's "require mode ${session.scenario.require!.join(' ')}": run reports it as skipped, and its expect lines are not checked.`]
			: [];
		next.output = [`Restarted in ${mode}${mode.includes('pcid') ? `, invpcid ${invpcid === 'true' ? 'on' : 'off'}` : ''} ${notes[0]!}; breakpoints, watchpoints and displays kept.`, ...notes.slice(1), ...skipped];
		setCurrent({model: next, file: current?.file});
	};

	const reload = () => {
		const file = current?.file;
		if (file === undefined) {
			return;
		}

		void open(file).then(result => {
			if (result.model === undefined) {
				if (model === undefined) {
					setCurrent({...result, file});
					return;
				}

				// Errors in the new text: the session stays as it was, with the diagnostics shown.
				model.output = [`Reload of ${file} failed; the session is unchanged:`, ...(result.diagnostics ?? '').split('\n')];
				model.error = undefined;
				refresh();
				return;
			}

			if (model === undefined) {
				setCurrent({...result, file});
				return;
			}

			const {session} = model;
			const {model: next, notes} = transplant(model, result.model.session.scenario, {mode: session.config.mode, invpcid: session.config.invpcid, ablate: [...session.config.ablate], seed: session.seed}, true);
			next.output = [`Reloaded ${file} ${notes[0]!}; breakpoints, watchpoints and displays kept.`, ...notes.slice(1)];
			setCurrent({model: next, file});
		});
	};

	const currentConfig = model === undefined ? undefined : configValue(model.session.config.mode, model.session.config.invpcid);
	return {current, model, openScenario, pickConfig, reload, currentConfig};
}
