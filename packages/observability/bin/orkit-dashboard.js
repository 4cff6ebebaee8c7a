#!/usr/bin/env node
// The orkit-dashboard command. Node warns once that node:sqlite is experimental; the dashboard says nothing else.
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) => {
  if (String(warning).includes('SQLite')) return;
  emitWarning.call(process, warning, ...rest);
};
const { runDashboardCli } = await import('../dist/dashboard.js');
try {
  await runDashboardCli(process.argv.slice(2));
} catch (error) {
  console.error(`orkit-dashboard: ${error.message}`);
  process.exitCode = 2;
}
