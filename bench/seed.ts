import type Database from 'better-sqlite3';

/**
 * Copies an incident row `count` times with fresh refs and no channel, in one statement; the
 * copies share the template's policy, so everything that reads an incident works on them.
 */
export function cloneIncidents(
  sqlite: Database.Database,
  templateId: number,
  count: number,
  tag: string,
  status = 'investigating',
): number[] {
  const columns = (sqlite.prepare('pragma table_info(incidents)').all() as Array<{ name: string }>)
    .map((c) => c.name)
    .filter((name) => name !== 'id');
  const blank = new Set(['channel_id', 'channel_name', 'announce_ts', 'control_ts', 'topic']);
  const expression = (name: string) => {
    if (name === 'ref') return `'BENCH-' || @tag || '-' || n.i`;
    if (name === 'status') return '@status';
    if (blank.has(name)) return 'null';
    return `t.${name}`;
  };
  sqlite
    .prepare(
      `with recursive n(i) as (select 1 union all select i + 1 from n where i < @count)
       insert into incidents (${columns.join(', ')})
       select ${columns.map(expression).join(', ')} from n, incidents t where t.id = @templateId`,
    )
    .run({ count, tag, status, templateId });
  return (
    sqlite
      .prepare(`select id from incidents where ref like 'BENCH-' || ? || '-%' order by id`)
      .all(tag) as Array<{ id: number }>
  ).map((row) => row.id);
}

/** `count` stored messages of one incident, as ingest would have written them. */
export function insertMessages(
  sqlite: Database.Database,
  incidentId: number,
  channelId: string,
  count: number,
  startMs: number,
): void {
  const insert = sqlite.prepare(
    `insert into messages (incident_id, channel_id, ts, thread_ts, user_id, is_external, text,
      files, posted_at, edited_at, deleted_at, source)
     values (?, ?, ?, null, ?, ?, ?, ?, ?, null, null, 'event')`,
  );
  sqlite.transaction(() => {
    for (let i = 0; i < count; i++) {
      const postedAt = startMs + i * 50;
      const millis = String(postedAt % 1000).padStart(3, '0');
      const micros = `${millis}${String(i % 1000).padStart(3, '0')}`;
      const ts = `${Math.floor(postedAt / 1000)}.${micros}`;
      const files =
        i % 500 === 0 ? JSON.stringify([{ name: `trace-${i}.log`, permalink: `f${i}` }]) : null;
      insert.run(
        incidentId,
        channelId,
        ts,
        `U${String(i % 40).padStart(8, '0')}`,
        i % 10 === 0 ? 1 : 0,
        `Message ${i}: CRM lookups for contract ${i % 997} still answer 504 after the retry`,
        files,
        postedAt,
      );
    }
  })();
}

export function insertTimeline(
  sqlite: Database.Database,
  incidentId: number,
  count: number,
  startMs: number,
): void {
  const insert = sqlite.prepare(
    `insert into timeline_entries (incident_id, kind, occurred_at, actor_id, text, data,
      source_channel_id, source_ts, removed_at, created_at)
     values (?, ?, ?, ?, ?, null, null, null, null, ?)`,
  );
  const kinds = ['note', 'pin', 'status', 'update_sent', 'mitigation'];
  sqlite.transaction(() => {
    for (let i = 0; i < count; i++) {
      const at = startMs + i * 60_000;
      insert.run(incidentId, kinds[i % kinds.length], at, 'U00000001', `Entry ${i}`, at);
    }
  })();
}
