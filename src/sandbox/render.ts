type Obj = Record<string, unknown>;

/** Answers a handle (without @) for a user id, or undefined to leave the mention as it is. */
export type UserLookup = (userId: string) => string | undefined;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function mentions(text: string, lookup?: UserLookup): string {
  if (!lookup) return text;
  return text.replace(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g, (whole, id: string) => {
    const handle = lookup(id);
    return handle ? `@${handle}` : whole;
  });
}

function textObject(value: unknown, lookup?: UserLookup): string {
  if (!isObj(value)) return '';
  return mentions(String(value.text ?? ''), lookup);
}

function element(e: unknown, lookup?: UserLookup): string {
  if (!isObj(e)) return '';
  switch (e.type) {
    case 'button':
      return `[${textObject(e.text)}]`;
    case 'image':
      return `[image: ${String(e.alt_text ?? '')}]`;
    case 'overflow':
      return '[…]';
    case 'plain_text':
    case 'mrkdwn':
      return textObject(e, lookup);
    default: {
      const initial = isObj(e.initial_option) ? textObject(e.initial_option.text) : '';
      const shown = initial || textObject(e.placeholder) || String(e.type);
      return `[${shown} ▾]`;
    }
  }
}

function richInline(e: unknown, lookup?: UserLookup): string {
  if (!isObj(e)) return '';
  switch (e.type) {
    case 'text':
      return String(e.text ?? '');
    case 'user': {
      const id = String(e.user_id);
      const handle = lookup?.(id);
      return handle ? `@${handle}` : `<@${id}>`;
    }
    case 'channel':
      return `<#${String(e.channel_id)}>`;
    case 'usergroup':
      return `<!subteam^${String(e.usergroup_id)}>`;
    case 'broadcast':
      return `@${String(e.range)}`;
    case 'emoji':
      return `:${String(e.name)}:`;
    case 'link':
      return String(e.text ?? e.url ?? '');
    default:
      return '';
  }
}

function richElement(e: unknown, lookup?: UserLookup): string {
  if (!isObj(e)) return '';
  const inline = (items: unknown) =>
    Array.isArray(items) ? items.map((i) => richInline(i, lookup)).join('') : '';
  switch (e.type) {
    case 'rich_text_section':
      return inline(e.elements);
    case 'rich_text_quote':
      return inline(e.elements)
        .split('\n')
        .map((l) => `> ${l}`)
        .join('\n');
    case 'rich_text_preformatted':
      return `\`\`\`${inline(e.elements)}\`\`\``;
    case 'rich_text_list': {
      const items = Array.isArray(e.elements) ? e.elements : [];
      return items
        .map((i, n) => `${e.style === 'ordered' ? `${n + 1}.` : '•'} ${richElement(i, lookup)}`)
        .join('\n');
    }
    default:
      return '';
  }
}

function block(b: unknown, lookup?: UserLookup): string {
  if (!isObj(b)) return '';
  switch (b.type) {
    case 'header':
      return textObject(b.text, lookup);
    case 'section': {
      const lines = [textObject(b.text, lookup)];
      if (Array.isArray(b.fields)) lines.push(...b.fields.map((f) => textObject(f, lookup)));
      if (b.accessory !== undefined) lines.push(element(b.accessory, lookup));
      return lines.filter(Boolean).join('\n');
    }
    case 'context':
      return Array.isArray(b.elements) ? b.elements.map((e) => element(e, lookup)).join('  ') : '';
    case 'divider':
      return '---';
    case 'actions':
      return Array.isArray(b.elements) ? b.elements.map((e) => element(e, lookup)).join(' ') : '';
    case 'image':
      return `[image: ${String(b.alt_text ?? '')}]`;
    case 'input':
      return `${textObject(b.label)}: ${element(b.element, lookup)}`;
    case 'rich_text':
      return Array.isArray(b.elements)
        ? b.elements.map((e) => richElement(e, lookup)).join('\n')
        : '';
    case 'markdown':
      return mentions(String(b.text ?? ''), lookup);
    default:
      return '';
  }
}

/**
 * A message as a person reads it: one line (or more) per block, buttons as [Label],
 * dividers as ---, mrkdwn left as written. Falls back to the text when there are no blocks.
 */
export function renderBlocksToText(
  blocks: unknown[] | undefined,
  fallbackText: string,
  lookupUser?: UserLookup,
): string {
  if (!blocks || blocks.length === 0) return mentions(fallbackText, lookupUser);
  return blocks
    .map((b) => block(b, lookupUser))
    .filter((line) => line !== '')
    .join('\n');
}
