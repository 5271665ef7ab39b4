/**
 * Reading an input file (a scenario, a command file, a schedule) as the user named it,
 * with a size limit: a device or an endless pipe given as a path cannot exhaust memory.
 *
 * Regular files are read up to MAX_INPUT_BYTES. Pipes (FIFOs, and what a shell's
 * `<(command)` or `/dev/stdin` on a pipe names) are read too, up to the same limit,
 * then refused. Folders, character and block devices (`/dev/zero`, `/dev/tty`) and
 * sockets are refused before reading. The file is opened once and checked through its
 * handle, so what is checked is what is read. The bytes must be UTF-8 (a fatal
 * decoder: any invalid sequence is refused, whatever the rest of the file holds).
 */
import {open, type FileHandle} from 'node:fs/promises';
import type {Stats} from 'node:fs';

/** The largest input file read (16 MiB): far above any scenario, far below a machine's memory. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** The size limit as messages state it. */
export const MAX_INPUT_TEXT = '16 MiB';

/** The text of a file, or why it cannot be read (a phrase: "it is a folder"). */
export type InputText = {readonly ok: true; readonly text: string} | {readonly ok: false; readonly reason: string};

const CHUNK = 64 * 1024;

function kindOf(stats: Stats): string | undefined {
	if (stats.isFile() || stats.isFIFO()) {
		return undefined;
	}

	if (stats.isDirectory()) {
		return 'it is a folder';
	}

	if (stats.isCharacterDevice()) {
		return 'it is a character device, not a regular file';
	}

	if (stats.isBlockDevice()) {
		return 'it is a block device, not a regular file';
	}

	return stats.isSocket() ? 'it is a socket, not a regular file' : 'it is not a regular file';
}

function openFailure(error: NodeJS.ErrnoException): string {
	switch (error.code) {
		case 'ENOENT': {
			return 'no such file';
		}

		case 'EACCES':
		case 'EPERM': {
			return 'permission denied';
		}

		case 'EISDIR': {
			return 'it is a folder';
		}

		default: {
			return error.message;
		}
	}
}

const tooLarge = `it is larger than ${MAX_INPUT_TEXT}, the limit for input files`;

/** Up to MAX_INPUT_BYTES + 1 bytes of HANDLE: one byte more tells "too large" from "exactly at the limit". */
async function readBounded(handle: FileHandle): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let total = 0;
	while (total <= MAX_INPUT_BYTES) {
		const buffer = Buffer.allocUnsafe(Math.min(CHUNK, MAX_INPUT_BYTES + 1 - total));
		const {bytesRead} = await handle.read(buffer, 0, buffer.length, null);
		if (bytesRead === 0) {
			break;
		}

		chunks.push(buffer.subarray(0, bytesRead));
		total += bytesRead;
	}

	return Buffer.concat(chunks, total);
}

/** The bytes of the file at PATH, or why not. */
export async function readInputBytes(path: string): Promise<{readonly ok: true; readonly bytes: Buffer} | {readonly ok: false; readonly reason: string}> {
	let handle: FileHandle;
	try {
		handle = await open(path, 'r');
	} catch (error) {
		return {ok: false, reason: openFailure(error as NodeJS.ErrnoException)};
	}

	try {
		const stats = await handle.stat();
		const refused = kindOf(stats);
		if (refused !== undefined) {
			return {ok: false, reason: refused};
		}

		if (stats.isFile() && stats.size > MAX_INPUT_BYTES) {
			return {ok: false, reason: tooLarge};
		}

		const bytes = await readBounded(handle);
		return bytes.length > MAX_INPUT_BYTES ? {ok: false, reason: tooLarge} : {ok: true, bytes};
	} catch (error) {
		return {ok: false, reason: openFailure(error as NodeJS.ErrnoException)};
	} finally {
		await handle.close();
	}
}

/** BYTES as UTF-8 text, or undefined when they are not valid UTF-8 (a leading BOM is dropped). */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
	try {
		return new TextDecoder('utf-8', {fatal: true}).decode(bytes);
	} catch {
		return undefined;
	}
}

/** The text of the file at PATH, or why not. */
export async function readInputText(path: string): Promise<InputText> {
	const read = await readInputBytes(path);
	if (!read.ok) {
		return read;
	}

	const text = decodeUtf8(read.bytes);
	return text === undefined ? {ok: false, reason: 'it is not valid UTF-8 text'} : {ok: true, text};
}

/**
 * The text of STREAM (standard input for `-x -`: a pipe, a socket pair, a file or a
 * terminal), read to its end up to the same limit as files.
 */
export async function readStreamText(stream: NodeJS.ReadableStream): Promise<InputText> {
	const chunks: Buffer[] = [];
	let total = 0;
	for await (const chunk of stream) {
		const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
		total += bytes.length;
		if (total > MAX_INPUT_BYTES) {
			return {ok: false, reason: tooLarge};
		}

		chunks.push(bytes);
	}

	const text = decodeUtf8(Buffer.concat(chunks, total));
	return text === undefined ? {ok: false, reason: 'it is not valid UTF-8 text'} : {ok: true, text};
}
