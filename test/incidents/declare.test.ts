import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/load.js';
import { FieldErrors } from '../../src/errors.js';
import type { DomainContext } from '../../src/incidents/context.js';
import { type DeclareInput, declareIncident } from '../../src/incidents/declare.js';
import { type PolicySnapshot, snapshotPolicy } from '../../src/incidents/policy.js';
import type { Settings } from '../../src/incidents/settings.js';
import { silentLogger } from '../../src/logger.js';
import { openStore, type Store } from '../../src/store/db.js';
import { auditLog, incidents, jobs, timelineEntries } from '../../src/store/schema.js';
import { testConfigPath } from '../helpers/harness.js';

function settingsFromTestConfig(): Settings {
  const loaded = loadConfig(testConfigPath);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return {
    announceChannelId: 'C0INCIDENTS',
    oncallUserIds: {},
    oncallGroupIds: {},
    adminIds: new Set(),
    clients: loaded.config.clients.map((client) => ({
      key: client.key,
      name: client.name,
      channelId: `C0${client.key.toUpperCase()}`,
      timeZone: client.timezone,
      technicalLeadId: 'ULEAD',
      deployments: client.deployments.map((d) => ({ key: d.key, channel: d.channel })),
      policy: snapshotPolicy(client, {
        channelId: `C0${client.key.toUpperCase()}`,
        technicalLeadId: 'ULEAD',
        escalationIds: { P1: 'ULEAD', P2: 'ULEAD', P3: 'ULEAD' },
      }) as unknown as Record<string, unknown>,
    })),
  };
}

const input = (overrides: Partial<DeclareInput> = {}): DeclareInput => ({
  title: 'CRM lookups time out',
  severity: 'P1',
  type: 'integration',
  clientKey: 'acme',
  deploymentKey: 'acme-chat',
  summary: '',
  hasPersonalData: false,
  detectedBy: 'monitoring',
  actorId: 'UDANA',
  ...overrides,
});

function fieldErrorsOf(work: () => unknown): Record<string, string> {
  try {
    work();
  } catch (error) {
    if (error instanceof FieldErrors) return error.errors;
    throw error;
  }
  throw new Error('expected field errors');
}

describe('declareIncident', () => {
  let folder: string;
  let store: Store;
  let clock: VirtualClock;
  let ctx: DomainContext;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'vigil-declare-'));
    store = openStore(join(folder, 'vigil.db'));
    clock = new VirtualClock(new Date('2026-05-26T12:30:00Z'));
    ctx = { db: store.db, clock, settings: settingsFromTestConfig(), logger: silentLogger };
  });
  afterEach(() => {
    store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('numbers references per year, in order, and never hands one out twice', () => {
    const refs = [1, 2, 3].map((n) => declareIncident(ctx, input(), `k${n}`).incident.ref);
    expect(refs).toEqual(['INC-2026-0001', 'INC-2026-0002', 'INC-2026-0003']);

    clock.set(new Date('2027-01-01T00:00:00Z'));
    expect(declareIncident(ctx, input(), 'k4').incident.ref).toBe('INC-2027-0001');
    clock.set(new Date('2027-01-02T00:00:00Z'));
    expect(declareIncident(ctx, input(), 'k5').incident.ref).toBe('INC-2027-0002');
  });

  it('spends no number on a refused declaration', () => {
    declareIncident(ctx, input(), 'k1');
    expect(() => declareIncident(ctx, input({ clientKey: 'globex' }), 'k2')).toThrow(FieldErrors);
    expect(declareIncident(ctx, input(), 'k3').incident.ref).toBe('INC-2026-0002');
  });

  it('returns the first incident when the same request key comes again', () => {
    const first = declareIncident(ctx, input(), 'view:V1');
    const again = declareIncident(ctx, input({ title: 'Something else' }), 'view:V1');
    expect(first.isNew).toBe(true);
    expect(again).toMatchObject({ isNew: false, incident: { id: first.incident.id } });
    expect(store.db.select().from(incidents).all()).toHaveLength(1);
    const setups = store.db.select().from(jobs).where(eq(jobs.kind, 'incident.setup')).all();
    expect(setups).toHaveLength(1);
  });

  it('snapshots the client policy so a later contract change leaves the incident alone', () => {
    const { incident } = declareIncident(ctx, input(), 'k1');
    const acme = ctx.settings.clients.find((c) => c.key === 'acme')!;
    (acme.policy as unknown as PolicySnapshot).severities.P1!.updateEvery = {
      amount: 5,
      unit: 'h',
    } as never;
    const stored = store.db.select().from(incidents).where(eq(incidents.id, incident.id)).get()!;
    const policy = stored.policy as PolicySnapshot;
    expect(policy).toMatchObject({ client: 'acme', clientName: 'Acme Energy' });
    expect(policy.timeZone).toBe('Europe/Rome');
    expect(policy.severities.P1?.updateEvery).toEqual({ amount: 30, unit: 'm' });
    expect(stored.firstContactDueAt?.toISOString()).toBe('2026-05-26T12:45:00.000Z');
  });

  it('writes the declaration to the timeline and the audit log with actor and time', () => {
    const { incident } = declareIncident(ctx, input(), 'k1');
    const audit = store.db.select().from(auditLog).all();
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'incident.declared',
        actorId: 'UDANA',
        incidentId: incident.id,
        at: clock.now(),
      }),
    ]);
    const timeline = store.db
      .select()
      .from(timelineEntries)
      .where(eq(timelineEntries.incidentId, incident.id))
      .all();
    expect(timeline[0]).toMatchObject({ kind: 'declared', actorId: 'UDANA' });
  });

  it('refuses bad fields, each on its own block', () => {
    expect(fieldErrorsOf(() => declareIncident(ctx, input({ title: '   ' }), 'k'))).toEqual({
      title: expect.stringContaining('short title'),
    });
    expect(
      fieldErrorsOf(() => declareIncident(ctx, input({ title: 'x'.repeat(5000) }), 'k')),
    ).toEqual({ title: expect.stringContaining('it has 5000') });
    expect(
      fieldErrorsOf(() => declareIncident(ctx, input({ title: '🔥🔥 :fire: <!channel>' }), 'k')),
    ).toEqual({ title: expect.stringContaining('at least one word') });
    const wrongPlace = fieldErrorsOf(() =>
      declareIncident(ctx, input({ clientKey: 'globex', summary: 's'.repeat(3001) }), 'k'),
    );
    expect(wrongPlace).toEqual({
      client: '"globex" is not a client in the configuration (known: acme, northwind).',
      summary: expect.stringContaining('3001'),
    });
    expect(
      fieldErrorsOf(() => declareIncident(ctx, input({ deploymentKey: 'northwind-voice' }), 'k')),
    ).toEqual({
      deployment:
        'Acme Energy has no deployment "northwind-voice" (it has: acme-chat, acme-voice).',
    });
    expect(store.db.select().from(incidents).all()).toHaveLength(0);
  });

  it('accepts a title in another script and tidies its spaces', () => {
    const { incident } = declareIncident(ctx, input({ title: '  系统   故障 ' }), 'k1');
    expect(incident.title).toBe('系统 故障');
  });
});
