import { describe, expect, it } from 'vitest';
import { countCommands } from './count-commands.js';

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
