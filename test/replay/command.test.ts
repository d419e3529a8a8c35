import { describe, expect, it } from 'vitest';
import { parseReplayArgs } from '../../src/replay/command.js';

describe('parseReplayArgs', () => {
  it('reads the file and every option, with or without =', () => {
    expect(parseReplayArgs(['s.yaml', '--out', 'o', '--config=c.yaml', '--db', 'x.db'])).toEqual({
      file: 's.yaml',
      options: { outDir: 'o', configPath: 'c.yaml', dbPath: 'x.db' },
    });
  });

  it('explains a missing file, a missing value and an unknown option', () => {
    expect(parseReplayArgs([])).toEqual({ error: 'no scenario file' });
    expect(parseReplayArgs(['s.yaml', '--out'])).toEqual({ error: '--out needs a value' });
    expect(parseReplayArgs(['s.yaml', '--fast'])).toEqual({ error: 'unknown option --fast' });
  });
});
