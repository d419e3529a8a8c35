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

/**
 * Slack markup names people, channels and emoji; it says nothing about what broke. `<…>` is a
 * mention or link; `:fire:` is an emoji as slash commands send it, but `10:30:45` is a time.
 */
const slackMarkup = /<[^<>]*>|(?<![\p{L}\p{N}:])(?::[a-z0-9_+'-]+:)+(?![\p{L}\p{N}:])/giu;

export function withoutSlackMarkup(text: string): string {
  return text.replace(slackMarkup, ' ');
}

/** Compatibility forms first (`ﬁ`, `①`, full-width letters), then accents off, then case. */
export function asciiFold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (c) => foldings[c] ?? c);
}

export function slugify(text: string): string {
  return asciiFold(withoutSlackMarkup(text))
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Cuts at a word boundary when one is near the limit, so a name does not end in half a word. */
function cutSlug(slug: string, room: number): string {
  if (slug.length <= room) return slug;
  const cut = slug.slice(0, room);
  const lastBreak = cut.lastIndexOf('-');
  return (lastBreak >= room / 2 ? cut.slice(0, lastBreak) : cut).replace(/-+$/, '');
}

/**
 * `inc-2026-0042-crm-lookups-time-out`: the reference always comes first so the name is unique
 * even when the title is cut; a title with nothing left after folding (emoji, another script)
 * falls back to the type.
 */
export function incidentChannelName(ref: string, title: string, fallback: string): string {
  const prefix = slugify(ref);
  const room = channelNameBudget - prefix.length - 1;
  let slug = cutSlug(slugify(title), room);
  if (slug.length === 0) slug = cutSlug(slugify(fallback), room);
  return slug.length > 0 ? `${prefix}-${slug}` : prefix;
}

export function withSuffix(name: string, attempt: number): string {
  if (attempt <= 1) return name;
  if (attempt > maxSuffix) throw new Error(`no free channel name left for ${name}`);
  return `${name}-${attempt}`;
}

/** A name this incident's setup may have given its channel: the base, or the base with a suffix. */
export function isNameFor(base: string, name: string): boolean {
  if (name === base) return true;
  const suffix = name.startsWith(`${base}-`) ? name.slice(base.length + 1) : '';
  return /^\d{1,2}$/.test(suffix) && Number(suffix) >= 2;
}
