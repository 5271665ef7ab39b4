/** Suggestions for mistyped names ("did you mean ...?"). */
import leven from 'leven';

/** The closest of CANDIDATES to WORD, if it is close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
	let best: string | undefined;
	let distance = Number.POSITIVE_INFINITY;
	for (const candidate of candidates) {
		const d = candidate.startsWith(word) && word.length >= 2 ? 0 : leven(word, candidate);
		if (d < distance) {
			best = candidate;
			distance = d;
		}
	}

	// Two edits (a transposition, as in "rnu") or a third of the word, whichever is more.
	return distance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}
