/**
 * Counts the commands a Redis client sends from now on: round trips, as the client sees them (a script is one,
 * whatever it does on the server). Works with any client that sends through `sendCommand` (ioredis does).
 *
 * @example
 * const sent = countCommands(client);
 * await store.admit(request);
 * expect(sent()).toBe(1);
 */
export function countCommands(client: { sendCommand: (...args: never[]) => unknown }): () => number {
  let sent = 0;
  const send = client.sendCommand.bind(client);
  client.sendCommand = (...args: never[]) => {
    sent += 1;
    return send(...args);
  };
  return () => sent;
}
