/**
 * Writing a file the user named without ever losing one: the text goes to a temporary
 * file in the same folder (created exclusively, so nothing is followed or clobbered),
 * is flushed, and is renamed over the target, so the target is either the old file or
 * the whole new one. Before that, the target is checked:
 *
 * - a folder, a device, a pipe or a socket is never replaced;
 * - a symbolic link is refused (nothing is written through it); with `force` the link
 *   itself is replaced by the new file and what it pointed to is left alone;
 * - a file in `protect` (compared by device and inode: another path, a hard link) is
 *   refused, as is an existing file that `replaceable` does not recognise from its
 *   first bytes; `force` overrides both.
 *
 * Only the final path component is checked for a link: folders reached through links
 * (a home folder on another disk, macOS's /tmp) are the user's own arrangement.
 */
import {randomBytes} from 'node:crypto';
import {constants, type Stats} from 'node:fs';
import {lstat, open, rename, stat, unlink} from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';

/** What may be replaced. */
export type SafeWriteOptions = {
	/** Replace links, protected files and unrecognised files too. */
	readonly force: boolean;
	/** Files never replaced without `force` (the inputs of the command). */
	readonly protect: readonly string[];
	/** Whether an existing file, seen through its first bytes, is one this command wrote. */
	readonly replaceable: (head: string) => boolean;
	/** How the file is named in messages ("the counterexample"). */
	readonly what: string;
};

/** Written, or why not (one line, without the path: the caller names it). */
export type SafeWriteResult = {readonly ok: true} | {readonly ok: false; readonly reason: string};

/** How much of an existing file is read to recognise it. */
const HEAD_BYTES = 4096;

async function head(file: string): Promise<string> {
	const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
	try {
		const buffer = Buffer.alloc(HEAD_BYTES);
		const {bytesRead} = await handle.read(buffer, 0, HEAD_BYTES, 0);
		return buffer.subarray(0, bytesRead).toString('utf8');
	} finally {
		await handle.close();
	}
}

async function sameFile(stats: Stats, others: readonly string[]): Promise<boolean> {
	for (const other of others) {
		try {
			const that = await stat(other);
			if (that.dev === stats.dev && that.ino === stats.ino) {
				return true;
			}
		} catch {
			// An input that is gone cannot be overwritten.
		}
	}

	return false;
}

function failure(error: unknown, folder: string): string {
	const code = (error as NodeJS.ErrnoException).code;
	switch (code) {
		case 'EACCES':
		case 'EPERM': {
			return `the folder ${folder} cannot be written (permission denied)`;
		}

		case 'ENOENT':
		case 'ENOTDIR': {
			return `there is no folder ${folder}`;
		}

		case 'EROFS': {
			return `the folder ${folder} is on a read-only file system`;
		}

		case 'ENOSPC':
		case 'EDQUOT': {
			return 'no space left on the device';
		}

		default: {
			return (error as Error).message;
		}
	}
}

/** Why TARGET must not be replaced, or undefined when it may be (or does not exist). */
async function refusal(target: string, options: SafeWriteOptions): Promise<string | undefined> {
	let stats: Stats;
	try {
		stats = await lstat(target);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return code === 'ENOENT' ? undefined : failure(error, path.dirname(target));
	}

	if (stats.isSymbolicLink()) {
		return options.force ? undefined : 'it is a symbolic link, and nothing is written through one (--force replaces the link itself)';
	}

	if (stats.isDirectory()) {
		return 'it is a folder';
	}

	if (!stats.isFile()) {
		return 'it is not a regular file (a device, a pipe or a socket)';
	}

	if (options.force) {
		return undefined;
	}

	if (await sameFile(stats, options.protect)) {
		return 'it is the scenario itself (--force overwrites it)';
	}

	let first: string;
	try {
		first = await head(target);
	} catch (error) {
		return failure(error, path.dirname(target));
	}

	return options.replaceable(first) ? undefined : `it exists and is not ${options.what} pmapdbg wrote (--force overwrites it)`;
}

/** Writes TEXT to TARGET atomically, after the checks above. */
export async function safeWrite(target: string, text: string, options: SafeWriteOptions): Promise<SafeWriteResult> {
	const refused = await refusal(target, options);
	if (refused !== undefined) {
		return {ok: false, reason: refused};
	}

	const folder = path.dirname(target);
	const temporary = path.join(folder, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
	let created = false;
	try {
		// O_EXCL: a name that exists (a planted link included) fails instead of being followed.
		const handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
		created = true;
		try {
			await handle.writeFile(text);
			await handle.sync();
		} finally {
			await handle.close();
		}

		await rename(temporary, target);
		return {ok: true};
	} catch (error) {
		if (created) {
			await unlink(temporary).catch(() => undefined);
		}

		return {ok: false, reason: failure(error, folder)};
	}
}
