import type { Thresholds } from '../config/schema.js';
import type { Severity } from './types.js';

/** What the domain needs from the configuration file, with every name resolved to a Slack id. */
export interface Settings {
  announceChannelId: string;
  oncallUserIds: Partial<Record<Severity, string[]>>;
  oncallGroupIds: Partial<Record<Severity, string[]>>;
  adminIds: ReadonlySet<string>;
  clients: ClientContract[];
}

export interface ClientContract {
  key: string;
  name: string;
  channelId: string;
  timeZone: string;
  technicalLeadId: string | null;
  deployments: Array<{ key: string; channel: string; thresholds?: Thresholds }>;
  /** The client's whole SLA block as configured; it is copied onto each incident at declaration. */
  policy: Record<string, unknown>;
}

export function findClient(settings: Settings, key: string): ClientContract | undefined {
  return settings.clients.find((client) => client.key === key);
}
