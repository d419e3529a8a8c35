import type { Clock } from '../clock.js';

const upperAlnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const mixedAlnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Every id and random-looking token the sandbox hands out. Seeded, so two runs of the same
 * scenario produce the same ids, hashes and block_ids.
 */
export class IdFactory {
  private seed: number;
  private readonly counters = new Map<string, number>();
  private lastTsMicros = 0;

  constructor(
    private readonly clock: Clock,
    seed = 0x5eed,
  ) {
    this.seed = seed;
  }

  next(kind: string, start: number): number {
    const value = (this.counters.get(kind) ?? start - 1) + 1;
    this.counters.set(kind, value);
    return value;
  }

  user(isExternal: boolean): string {
    const n = this.next(isExternal ? 'ext-user' : 'user', isExternal ? 21 : 11);
    return `U0${isExternal ? 2 : 1}${String(n).padStart(8, '0')}`;
  }

  usergroup(): string {
    return `S01${String(this.next('usergroup', 1)).padStart(8, '0')}`;
  }

  channel(): string {
    return `C01${String(this.next('channel', 100)).padStart(8, '0')}`;
  }

  im(): string {
    return `D01${String(this.next('im', 1)).padStart(8, '0')}`;
  }

  view(): string {
    return `V01${String(this.next('view', 1)).padStart(8, '0')}`;
  }

  file(): string {
    return `F01${String(this.next('file', 1)).padStart(8, '0')}`;
  }

  bookmark(): string {
    return `Bk01${String(this.next('bookmark', 1)).padStart(8, '0')}`;
  }

  event(): string {
    return `Ev01${this.random(upperAlnum, 8)}`;
  }

  /** Slack's documented shape: digits.digits.hex, e.g. 132456.7890123.abcdef */
  trigger(teamNumber: string): string {
    const n = this.next('trigger', 7105000000001);
    return `${n}.${teamNumber}.${this.hex(32)}`;
  }

  viewHash(): string {
    return `${Math.floor(this.clock.now().getTime() / 1000)}.${this.random(mixedAlnum, 8)}`;
  }

  blockId(): string {
    return this.random(mixedAlnum, 5);
  }

  clientMsgId(): string {
    const h = this.hex(32);
    const parts = [
      h.slice(0, 8),
      h.slice(8, 12),
      `4${h.slice(13, 16)}`,
      `a${h.slice(17, 20)}`,
      h.slice(20),
    ];
    return parts.join('-');
  }

  responseToken(): string {
    return this.random(mixedAlnum, 24);
  }

  /** Message ts from the injected clock: seconds.micros, strictly increasing. */
  messageTs(): string {
    const micros = Math.max(this.clock.now().getTime() * 1000, this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    return formatTs(micros);
  }

  /** action_ts style value: like a message ts but does not reserve one. */
  actionTs(): string {
    return formatTs(this.clock.now().getTime() * 1000 + this.next('action', 1));
  }

  hex(length: number): string {
    return this.random('0123456789abcdef', length);
  }

  private random(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.rand() * alphabet.length)];
    return out;
  }

  private rand(): number {
    this.seed = (this.seed + 0x6d2b79f5) | 0;
    let t = this.seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

export function formatTs(micros: number): string {
  const seconds = Math.floor(micros / 1_000_000);
  return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
}

/** Parses "1715680810.000100" (or plain seconds) into microseconds; undefined when malformed. */
export function parseTs(ts: string): number | undefined {
  const match = /^(\d+)(?:\.(\d{1,6}))?$/.exec(ts.trim());
  if (!match) return undefined;
  return Number(match[1]) * 1_000_000 + Number((match[2] ?? '').padEnd(6, '0'));
}

export function unixSeconds(clock: Clock): number {
  return Math.floor(clock.now().getTime() / 1000);
}
