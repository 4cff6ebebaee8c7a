// Prints every package's bench/results/<package>.json as one table after `pnpm bench`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const directory = new URL('../../bench/results/', import.meta.url);
if (!existsSync(directory)) {
  console.log('No benchmark results yet.');
  process.exit(0);
}
for (const file of readdirSync(directory)
  .filter((name) => name.endsWith('.json'))
  .sort()) {
  const results = JSON.parse(readFileSync(new URL(file, directory), 'utf8'));
  console.log(`\n@orkit/${file.replace(/\.json$/, '')}`);
  console.table(
    results.map((result) => ({
      case: result.case,
      value: result.value,
      unit: result.unit,
      peer: result.peer ?? '',
      'peer value': result.peerValue ?? '',
      ratio: result.ratio === undefined ? '' : `${result.ratio.toFixed(2)}x`,
    })),
  );
}
