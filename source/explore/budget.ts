/**
 * The explorer's memory budget (--max-memory). It bounds what a search holds: the
 * visited set, the breadth-first search's node arrays, and the depth-first path, all
 * counted when they are allocated, so a search stops at the same state every run
 * whatever the garbage collector is doing. The JavaScript heap of each thread is
 * watched separately against V8's own limit, which is what a "heap out of memory"
 * crash would hit. Reaching either ends the search as `bounded` (exit 3).
 */
import os from 'node:os';
import v8 from 'node:v8';

/** Bytes a depth-first level holds (its state, print context and footprints), measured on the races. */
export const levelBytes = 8192;

/** Share of V8's heap limit a thread may fill before its search stops. */
const heapShare = 0.85;

/** Counts the bytes a search holds against a limit. */
export class MemoryBudget {
	readonly limit: number;
	private held = 0;
	/** The most bytes counted at once. */
	peak = 0;
	private readonly heapLimit = v8.getHeapStatistics().heap_size_limit;

	constructor(limit: number) {
		this.limit = limit;
	}

	/** Bytes counted now. */
	get used(): number {
		return this.held;
	}

	/** Counts BYTES more if they fit; false (nothing counted) when they do not. */
	reserve(bytes: number): boolean {
		if (this.held + bytes > this.limit) {
			return false;
		}

		this.held += bytes;
		this.peak = Math.max(this.peak, this.held);
		return true;
	}

	/** Gives BYTES back. */
	release(bytes: number): void {
		this.held = Math.max(0, this.held - bytes);
	}

	/** Whether this thread's JavaScript heap is near V8's limit (checked every few thousand steps). */
	heapNearLimit(): boolean {
		return v8.getHeapStatistics().used_heap_size > heapShare * this.heapLimit;
	}
}

/**
 * The default limit: half the machine's memory, or three quarters of what is free at
 * start, whichever is less (the machine is often shared).
 */
export function defaultMemoryLimit(): number {
	return Math.floor(Math.min(os.totalmem() / 2, (os.freemem() * 3) / 4));
}

/** Parses a size such as 200M, 2G, 512K or a number of bytes; undefined when malformed. */
export function parseSize(text: string): number | undefined {
	const match = /^([0-9]+(?:\.[0-9]+)?)\s*([KMGT]?)(?:i?B)?$/i.exec(text.trim());
	if (!match) {
		return undefined;
	}

	const units: Record<string, number> = {'': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40};
	return Math.floor(Number(match[1]) * units[match[2]!.toUpperCase()]!);
}

/** A size for people: 200 MB, 1.5 GB. */
export function formatSize(bytes: number): string {
	if (bytes >= 2 ** 30) {
		return `${(bytes / 2 ** 30).toFixed(1)} GB`;
	}

	return `${Math.round(bytes / 2 ** 20)} MB`;
}
