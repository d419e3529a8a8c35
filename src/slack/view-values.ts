import { inputActionId } from './ids.js';

interface StateValue {
  type: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: Array<{ value: string }>;
  selected_user?: string | null;
  selected_users?: string[];
  selected_date_time?: number | null;
  selected_date?: string | null;
}

export type StateValues = Record<string, Record<string, StateValue>>;

/** Reads a submitted modal's inputs by block_id; every element uses the same action_id. */
export class ViewValues {
  constructor(private readonly values: StateValues) {}

  private get(blockId: string): StateValue | undefined {
    return this.values[blockId]?.[inputActionId];
  }

  text(blockId: string): string {
    return this.get(blockId)?.value ?? '';
  }

  option(blockId: string): string | undefined {
    return this.get(blockId)?.selected_option?.value ?? undefined;
  }

  isChecked(blockId: string): boolean {
    return (this.get(blockId)?.selected_options?.length ?? 0) > 0;
  }

  user(blockId: string): string | undefined {
    return this.get(blockId)?.selected_user ?? undefined;
  }

  dateTime(blockId: string): Date | undefined {
    const seconds = this.get(blockId)?.selected_date_time;
    return typeof seconds === 'number' ? new Date(seconds * 1000) : undefined;
  }

  number(blockId: string): number | undefined {
    const raw = this.text(blockId).trim().replace(',', '.').replace(/%$/, '');
    if (raw === '') return undefined;
    const parsed = Number(raw);
    return Number.isFinite(parsed) ? parsed : Number.NaN;
  }
}

export function metadataOf(privateMetadata: string | undefined): Record<string, unknown> {
  if (!privateMetadata) return {};
  try {
    return JSON.parse(privateMetadata) as Record<string, unknown>;
  } catch {
    return {};
  }
}
