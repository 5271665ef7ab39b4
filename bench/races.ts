/**
 * The pm_active races of bench.md as scenario text, for the benchmarks and the tests:
 * cpu0 removes a page of P while N other CPUs each switch onto P, return to user and
 * read it, all in one parallel block.
 */

/** The race with N CPUs switching onto P for the first time (bench.md's race_nN). */
export function raceScenario(n: number): string {
	const lines = [`title "pm_active race, ${n} CPUs switching onto P"`, `cpus ${n + 1}`, 'mode pcid', 'pmap P', 'map P 0x400000 -> 0x1000 rw', 'parallel', '  cpu0: remove P 0x400000'];
	for (let cpu = 1; cpu <= n; cpu++) {
		lines.push(`  cpu${cpu}: switch P`, `  cpu${cpu}: user`, `  cpu${cpu}: read 0x400000`);
	}

	return [...lines, 'end', 'expect no-stale', ''].join('\n');
}

/**
 * The race of the SPIN model this project compares against: the N CPUs ran P earlier
 * (each cached the page, then switched to Q), so each switches back with P's PCID
 * still valid. With late-pm-gen-zero (pm_gen zeroed after the pm_active read, the
 * EN-22:04 regression) one of them keeps the stale entry.
 */
export function warmRaceScenario(n: number): string {
	const lines = [`title "pm_active race, ${n} CPUs that ran P switching back onto P"`, `cpus ${n + 1}`, 'mode pcid', 'pmap P', 'pmap Q', 'map P 0x400000 -> 0x1000 rw'];
	for (let cpu = 1; cpu <= n; cpu++) {
		lines.push(`cpu${cpu}: switch P`, `cpu${cpu}: user`, `cpu${cpu}: read 0x400000`, `cpu${cpu}: kernel`, `cpu${cpu}: switch Q`);
	}

	lines.push('parallel', '  cpu0: remove P 0x400000');
	for (let cpu = 1; cpu <= n; cpu++) {
		lines.push(`  cpu${cpu}: switch P`, `  cpu${cpu}: user`, `  cpu${cpu}: read 0x400000`);
	}

	return [...lines, 'end', 'expect no-stale', ''].join('\n');
}
