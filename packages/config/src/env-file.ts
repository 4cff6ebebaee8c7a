import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/**
 * Reads a `.env` file into a plain object without touching `process.env`. Returns `undefined` when the file
 * does not exist.
 *
 * @example
 * const values = readEnvFile('.env') ?? {};
 */
export function readEnvFile(path: string): Record<string, string> | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseEnv(text) as Record<string, string>;
}
