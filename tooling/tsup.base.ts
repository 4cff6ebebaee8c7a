/**
 * @module
 * The one tsup configuration every @orkit package builds from: ESM, bundled `.d.ts`, Node 22.
 */
import { defineConfig } from 'tsup';

export interface PackageBuildOptions {
  readonly entry: Record<string, string> | string[];
  readonly banner?: { js?: string };
  /** Runs after each build (e.g. copies files the package ships beside its code). */
  readonly onSuccess?: () => Promise<void>;
}

export function packageConfig(options: PackageBuildOptions) {
  return defineConfig({
    entry: options.entry,
    format: ['esm'],
    target: 'node22',
    platform: 'node',
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: true,
    treeshake: true,
    ...(options.banner ? { banner: options.banner } : {}),
    ...(options.onSuccess ? { onSuccess: options.onSuccess } : {}),
  });
}
