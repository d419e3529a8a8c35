import { UserError } from '../errors.js';
import { isSeverity, type Severity } from '../incidents/types.js';

export interface ParsedCommand {
  name: string;
  args: string;
}

/** `/incident p1 CRM timeouts` → { name: 'declare', args } ; `/incident severity p2` → severity. */
export function splitCommand(text: string, known: ReadonlySet<string>): ParsedCommand {
  const trimmed = text.trim();
  if (trimmed === '') return { name: 'declare', args: '' };
  const [first = '', ...rest] = trimmed.split(/\s+/);
  const word = first.toLowerCase();
  if (/^p\d+$/.test(word)) return { name: 'declare', args: trimmed };
  if (known.has(word)) return { name: word, args: rest.join(' ') };
  // One unknown word is far more likely a mistyped command than an incident title.
  if (rest.length === 0) {
    throw new UserError(
      'unknown_command',
      `\`/incident ${first}\` is not a command. \`/incident help\` lists them; to declare, ` +
        `type \`/incident p1 ${first}\` with a title of a few words.`,
    );
  }
  return { name: 'declare', args: trimmed };
}

export function parseSeverityWord(word: string): Severity {
  const upper = word.trim().toUpperCase();
  if (!isSeverity(upper)) {
    throw new UserError(
      'unknown_severity',
      `Unknown severity "${word.trim()}". Use p1 (immediate production impact), ` +
        'p2 (degraded but holding) or p3 (no measurable user impact).',
    );
  }
  return upper;
}

/** The declare shortcut: an optional severity word, then the title as a person would read it. */
export function parseDeclareArgs(args: string): { severity?: Severity; title?: string } {
  const trimmed = args.trim();
  if (trimmed === '') return {};
  const match = /^(p\d+)(?::?\s+(?:[–—-]\s+)?|:?$)(.*)$/is.exec(trimmed);
  if (!match) return { title: plainFromCommand(trimmed) };
  const severity = parseSeverityWord(match[1]!);
  const title = plainFromCommand(match[2]!);
  return { severity, title: title === '' ? undefined : title };
}

const broadcasts: Record<string, string> = {
  '!channel': '@channel',
  '!here': '@here',
  '!everyone': '@everyone',
};

/**
 * Command text arrives escaped (`&lt;`), with mentions as `<@U123|dana>`. A title is plain text
 * shown in a form and later escaped wherever it is posted, so it keeps the readable form only.
 */
export function plainFromCommand(text: string): string {
  return text
    .replace(/<([^<>]*)>/g, (_whole, inner: string) => readableToken(inner))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim()
    .replace(/\s+/g, ' ');
}

function readableToken(inner: string): string {
  const [target = '', label] = inner.split('|', 2);
  const broadcast = broadcasts[target];
  if (broadcast) return broadcast;
  const isPerson = target.startsWith('@') || target.startsWith('!subteam^');
  if (label) {
    if (isPerson) return `@${label.replace(/^@/, '')}`;
    return target.startsWith('#') ? `#${label}` : label;
  }
  return target.replace(/^!(subteam\^)?/, '@');
}

/** Slack escapes mentions in command text as `<@U123|name>` when the command asks it to. */
export function parseUserMention(text: string): string | null {
  const match = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/.exec(text);
  return match ? match[1]! : null;
}

export function parseRef(text: string): string | undefined {
  const match = /\bINC-\d{4}-\d{4,}\b/i.exec(text);
  return match ? match[0].toUpperCase() : undefined;
}
