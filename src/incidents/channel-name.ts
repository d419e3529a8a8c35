/** Slack allows 80; the rest is kept for a `-NN` suffix when a name is already taken. */
export const channelNameBudget = 72;
const maxSuffix = 99;

const foldings: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

export function asciiFold(text: string): string {
  return text
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (c) => foldings[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '');
}

export function slugify(text: string): string {
  return asciiFold(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * `inc-2026-0042-crm-lookups-time-out`: the reference always comes first so the name is unique
 * even when the title is cut; a title with nothing left after folding falls back to the type.
 */
export function incidentChannelName(ref: string, title: string, fallback: string): string {
  const prefix = slugify(ref);
  const room = channelNameBudget - prefix.length - 1;
  let slug = slugify(title).slice(0, room).replace(/-+$/, '');
  if (slug.length === 0) slug = slugify(fallback).slice(0, room);
  return slug.length > 0 ? `${prefix}-${slug}` : prefix;
}

export function withSuffix(name: string, attempt: number): string {
  if (attempt <= 1) return name;
  if (attempt > maxSuffix) throw new Error(`no free channel name left for ${name}`);
  return `${name}-${attempt}`;
}
