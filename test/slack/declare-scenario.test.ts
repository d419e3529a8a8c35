import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayOutcome, replayScenario } from '../../src/replay/runner.js';

const scenario = resolve('test/scenarios/declare-p1-p2-p3.yaml');

/** The transcript's lines for one channel, top-level messages and thread replies alike. */
function section(transcript: string, channel: string): string[] {
  const start = transcript.indexOf(`## #${channel}\n`);
  if (start < 0) throw new Error(`no #${channel} in the transcript`);
  const rest = transcript.slice(start).split('\n').slice(1);
  const end = rest.findIndex((line) => line.startsWith('## '));
  return (end < 0 ? rest : rest.slice(0, end)).filter((line) => line.trim() !== '');
}

const byVigil = (lines: string[], marks: string) =>
  lines.filter((line) =>
    new RegExp(`^- \\d\\d:\\d\\d \\*\\*Vigil\\*\\* \\(${marks}\\)`).test(line),
  );

describe('the P1, P2 and P3 declaration scenario', () => {
  let work: string;
  let outcome: ReplayOutcome;
  let transcript: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'vigil-declare-scenario-'));
    outcome = await replayScenario(scenario, { outDir: join(work, 'out'), quiet: true });
    transcript = readFileSync(outcome.files.transcript!, 'utf8');
  }, 60_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('replays with every expectation holding', () => {
    expect(outcome.problems).toEqual([]);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.result?.expectations.every((e) => e.pass)).toBe(true);
  });

  it('gives the P1 and P2 their channels at once and the P3 one only when it is raised', () => {
    const incidents = outcome.result!.incidents;
    expect(incidents.map((i) => [i.ref, i.severity, i.channel])).toEqual([
      ['INC-2026-0001', 'P2', 'inc-2026-0001-crm-lookups-time-out'],
      ['INC-2026-0002', 'P2', 'inc-2026-0002-voice-answers-take-4-s'],
      ['INC-2026-0003', 'P2', 'inc-2026-0003-greeting-says-good-morning-at-night'],
    ]);
    const opened = section(transcript, 'inc-2026-0003-greeting-says-good-morning-at-night');
    expect(opened[0]).toBe('- 14:50 _@Vigil has joined the channel_');
  });

  it('keeps each channel’s topic current as severity and commander change', () => {
    const topics = (channel: string) =>
      section(transcript, channel)
        .filter((line) => line.includes('_set the channel topic: '))
        .map((line) => line.replace(/^- \d\d:\d\d _set the channel topic: (.*)_$/, '$1'));
    expect(topics('inc-2026-0001-crm-lookups-time-out')).toEqual([
      'P1 · Investigating · IC dana · next client update Tue 26 May 2026, 14:45 CEST',
      'P1 · Investigating · IC sam · next client update Tue 26 May 2026, 14:45 CEST',
      'P2 · Investigating · IC sam · next client update Tue 26 May 2026, 14:45 CEST',
    ]);
    expect(topics('inc-2026-0002-voice-answers-take-4-s')).toEqual([
      'P2 · Investigating · IC sam · next client update Tue 26 May 2026, 09:05 EDT',
    ]);
    expect(topics('inc-2026-0003-greeting-says-good-morning-at-night')).toEqual([
      'P2 · Investigating · IC kai · next client update Tue 26 May 2026, 15:50 CEST',
    ]);
  });

  it('pins exactly one control message in each incident channel', () => {
    for (const incident of outcome.result!.incidents) {
      const lines = section(transcript, incident.channel!);
      expect(byVigil(lines, '(edited, )?pinned'), incident.ref).toHaveLength(1);
    }
  });

  it('posts one announcement per incident and edits it in place as the incident moves', () => {
    const lines = section(transcript, 'incidents');
    const announcements = lines.filter(
      (line) => /^- \d\d:\d\d \*\*Vigil\*\*/.test(line) && !line.includes('only visible to'),
    );
    expect(announcements).toEqual([
      expect.stringMatching(/^- 14:30 \*\*Vigil\*\* \(edited\): .*INC-2026-0001 · P2/),
      expect.stringMatching(/^- 14:35 \*\*Vigil\*\*: .*INC-2026-0002 · P2/),
      expect.stringMatching(/^- 14:40 \*\*Vigil\*\* \(edited\): .*INC-2026-0003 · P2/),
    ]);
    const p3Thread = lines.slice(lines.indexOf(announcements[2]!) + 1);
    expect(p3Thread.slice(0, 4)).toEqual([
      '  Join #inc-2026-0003-greeting-says-good-morning-at-night to help.',
      '  Commander @kai · acme / acme-voice · declared Tue 26 May 2026, 14:40 CEST',
      '  - 14:40 **Kai Support**: Seen in three sessions; nobody complained.',
      expect.stringContaining('@kai changed the severity of *INC-2026-0003* from P3 to *P2*'),
    ]);
  });

  it('pages on-call for the P1 only', () => {
    const paged = (channel: string) =>
      section(transcript, channel).filter((line) => line.includes('you are paged'));
    expect(paged('inc-2026-0001-crm-lookups-time-out')).toHaveLength(1);
    expect(paged('inc-2026-0002-voice-answers-take-4-s')).toHaveLength(0);
    expect(paged('inc-2026-0003-greeting-says-good-morning-at-night')).toHaveLength(0);
  });
});
