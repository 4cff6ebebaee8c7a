type CommandSender = { sendCommand: (...args: never[]) => unknown };

/**
 * Counts the commands a Redis client sends from now on: round trips, as the client sees them (a script is one,
 * whatever it does on the server). Works with any client that sends through `sendCommand` (ioredis does).
 *
 * @example
 * const sent = countCommands(client);
 * await store.admit(request);
 * expect(sent()).toBe(1);
 */
export function countCommands(client: CommandSender): () => number {
  let sent = 0;
  const send = client.sendCommand.bind(client);
  client.sendCommand = (...args: never[]) => {
    sent += 1;
    return send(...args);
  };
  return () => sent;
}

/** What {@link measureRoundTrips} saw during one call. */
export interface RoundTrips<T> {
  readonly value: T;
  /** Commands the clients sent while the call ran. */
  readonly sent: number;
  /**
   * Round trips the call waited for one after another: the longest chain of commands each sent after the reply of
   * the one before. Commands sent together count once; a command whose reply came after the call ended (a
   * settlement behind the answer) was not waited for and does not count.
   */
  readonly awaited: number;
}

/**
 * Runs `call` and measures the Redis round trips it made on `clients` (any that send through `sendCommand`, as
 * ioredis does): how many commands, and how many round trips it waited for in turn, which is what a call's latency
 * pays. No clock is read: the order of sends and replies decides. A command from elsewhere that is answered while
 * the call runs can only make the count larger, never smaller.
 *
 * @example
 * const { awaited } = await measureRoundTrips([client], () => generateText({ model, prompt: 'hi' }));
 * expect(awaited).toBeLessThanOrEqual(2);
 */
export async function measureRoundTrips<T>(
  clients: readonly CommandSender[],
  call: () => Promise<T>,
): Promise<RoundTrips<T>> {
  let sent = 0;
  let ended = false;
  // The deepest chain among commands answered so far, and among those answered before the call ended.
  let answeredDepth = 0;
  let awaited = 0;
  const originals = clients.map((client) => client.sendCommand);
  clients.forEach((client, index) => {
    const send = (originals[index] as CommandSender['sendCommand']).bind(client);
    client.sendCommand = (...args: never[]) => {
      const result = send(...args);
      if (ended) return result;
      sent += 1;
      const depth = answeredDepth + 1;
      const answered = () => {
        if (ended) return;
        answeredDepth = Math.max(answeredDepth, depth);
        awaited = Math.max(awaited, depth);
      };
      // Registered before the caller's own handlers, so the reply is noted before anything it triggers is sent.
      if (result instanceof Promise) result.then(answered, answered);
      else answered();
      return result;
    };
  });
  try {
    const value = await call();
    return { value, sent, awaited };
  } finally {
    ended = true;
    clients.forEach((client, index) => {
      client.sendCommand = originals[index] as CommandSender['sendCommand'];
    });
  }
}
