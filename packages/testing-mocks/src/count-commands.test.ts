import { describe, expect, it } from 'vitest';
import { countCommands, measureRoundTrips } from './count-commands.js';

describe('countCommands', () => {
  it('counts what goes through sendCommand, and still sends it', () => {
    const seen: unknown[] = [];
    const client = { sendCommand: (command: unknown) => seen.push(command) };
    const sent = countCommands(client as never);
    client.sendCommand('GET');
    client.sendCommand('SET');
    expect([sent(), seen]).toEqual([2, ['GET', 'SET']]);
  });
});

describe('measureRoundTrips', () => {
  /** A client whose replies the test hands out, in the order it chooses. */
  function heldClient() {
    const waiting: Array<() => void> = [];
    const client = {
      sendCommand: () =>
        new Promise<string>((resolve) => {
          waiting.push(() => resolve('OK'));
        }),
    };
    const answerAll = async () => {
      while (waiting.length > 0) {
        for (const answer of waiting.splice(0)) answer();
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    return { client, answerAll };
  }

  it('counts commands sent together once, commands in turn each, and none the call did not wait for', async () => {
    const { client, answerAll } = heldClient();
    const send = () => client.sendCommand();
    const measuring = measureRoundTrips([client], async () => {
      await Promise.all([send(), send()]); // one round trip: sent together
      await send(); // a second, after the first replies
      void send(); // behind the answer: never waited for
      return 'done';
    });
    await answerAll();
    expect(await measuring).toEqual({ value: 'done', sent: 4, awaited: 2 });
    // The original sendCommand is back.
    await answerAll();
    const after = client.sendCommand();
    await answerAll();
    expect(await after).toBe('OK');
  });

  it('counts three round trips in turn as three', async () => {
    const { client, answerAll } = heldClient();
    const measuring = measureRoundTrips([client], async () => {
      for (let index = 0; index < 3; index += 1) await client.sendCommand();
    });
    await answerAll();
    expect((await measuring).awaited).toBe(3);
  });
});
