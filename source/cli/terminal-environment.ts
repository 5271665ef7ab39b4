/**
 * What the full-screen debugger tells Ink and chalk about the terminal, decided before
 * either is loaded (both read the environment once, at import).
 */

/** Whether the debugger colours its panes: not with --no-color, NO_COLOR or FORCE_COLOR=0. */
export function colourWanted(env: NodeJS.ProcessEnv, flag: boolean): boolean {
	// no-color.org: NO_COLOR counts when it is present and not empty. Without colour the
	// panes still use bold and inverse, and mark changed lines with `*`.
	const noColor = env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '';
	const forcedOff = env['FORCE_COLOR'] === '0' || env['FORCE_COLOR'] === 'false';
	return flag && !noColor && !forcedOff;
}

/**
 * Makes Ink draw live and chalk detect the terminal's colours. A `CI` variable in the
 * environment (a shell profile, a container, a terminal inside a CI job) makes Ink draw
 * only its last frame, and Ink's README says to clear it (`CI=false`) when the terminal
 * can take full rendering; but chalk turns every style off whenever `CI` exists at all,
 * whatever its value. The debugger runs only on a terminal, so it removes the two
 * variables Ink reads from its own environment (children inherit nothing: it starts
 * none). FORCE_COLOR, which chalk reads, is left as the user set it.
 */
export function prepareTerminalEnvironment(env: NodeJS.ProcessEnv): void {
	delete env['CI'];
	delete env['CONTINUOUS_INTEGRATION'];
}
