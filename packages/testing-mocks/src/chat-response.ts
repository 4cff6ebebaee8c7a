import type { ServerResponse } from 'node:http';
import type { RequestOutcome, RequestRecord } from './request-log.js';
import type { SimulatorState } from './simulator-state.js';

/** Sends a JSON body. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

/** Ends a record: status, outcome, what was charged. */
export function settle(
  state: SimulatorState,
  record: RequestRecord,
  status: number,
  outcome: RequestOutcome,
): void {
  record.status = status;
  record.outcome = outcome;
  state.log.complete(record);
}
