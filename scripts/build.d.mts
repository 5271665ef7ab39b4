// The types of build.mjs, for the bench (bench/ui.tsx builds its Ink hello with it).
import type {BuildOptions} from 'esbuild';

export declare const commonOptions: BuildOptions;
export declare function buildInto(entries: readonly string[], outdir: string): Promise<void>;
