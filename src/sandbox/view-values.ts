import type { Workspace } from './state.js';

type Obj = Record<string, unknown>;

export interface StateEntry {
  entry: Obj;
  isEmpty: boolean;
}

const textOf = (o: unknown): string =>
  typeof o === 'object' && o !== null ? String((o as Obj).text ?? '') : '';

function allOptions(element: Obj): Obj[] {
  const flat = Array.isArray(element.options) ? (element.options as Obj[]) : [];
  const groups = Array.isArray(element.option_groups) ? (element.option_groups as Obj[]) : [];
  return [
    ...flat,
    ...groups.flatMap((g) => (Array.isArray(g.options) ? (g.options as Obj[]) : [])),
  ];
}

function findOption(element: Obj, wanted: unknown, label: string): Obj {
  const options = allOptions(element);
  const key = String(wanted).toLowerCase();
  const option =
    options.find((o) => String(o.value).toLowerCase() === key) ??
    options.find((o) => textOf(o.text).toLowerCase() === key);
  if (!option) {
    const known = options.map((o) => `${String(o.value)} ("${textOf(o.text)}")`).join(', ');
    throw new Error(`"${String(wanted)}" is not an option of "${label}"; options: ${known}`);
  }
  return {
    text: option.text,
    value: option.value,
    ...(option.description ? { description: option.description } : {}),
  };
}

function userId(ws: Workspace, wanted: unknown): string {
  const user = ws.user(String(wanted));
  if (!user) throw new Error(`unknown user "${String(wanted)}" in a users select`);
  return user.id;
}

function channelId(ws: Workspace, wanted: unknown): string {
  const channel = ws.channel(String(wanted));
  if (!channel) throw new Error(`unknown channel "${String(wanted)}" in a conversations select`);
  return channel.id;
}

function toUnixSeconds(value: unknown): number {
  if (typeof value === 'number') return value;
  if (/^\d+$/.test(String(value))) return Number(value);
  const ms = Date.parse(String(value));
  if (Number.isNaN(ms))
    throw new Error(`"${String(value)}" is neither an ISO date-time nor unix seconds`);
  return Math.floor(ms / 1000);
}

const list = (v: unknown): unknown[] =>
  Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];

/** Initial value of an input as Slack pre-fills it, in the shape a submitted value would take. */
function initialOf(element: Obj): unknown {
  const keys = [
    'initial_value',
    'initial_option',
    'initial_options',
    'initial_user',
    'initial_users',
    'initial_conversation',
    'initial_conversations',
    'initial_channel',
    'initial_channels',
    'initial_date',
    'initial_time',
    'initial_date_time',
  ];
  const key = keys.find((k) => element[k] !== undefined);
  if (!key) return undefined;
  const value = element[key];
  if (key === 'initial_option') return (value as Obj).value;
  if (key === 'initial_options') return (value as Obj[]).map((o) => o.value);
  return value;
}

/**
 * state.values[block_id][action_id] for one input, from what the person typed or picked
 * (`given`) or else the element's initial value.
 */
export function stateEntry(ws: Workspace, element: Obj, given: unknown, label: string): StateEntry {
  const type = String(element.type);
  const value = given === undefined ? initialOf(element) : given;
  const isUnset = value === undefined || value === null || value === '';
  switch (type) {
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input':
      return { entry: { type, value: isUnset ? null : String(value) }, isEmpty: isUnset };
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return {
        entry: { type, selected_option: isUnset ? null : findOption(element, value, label) },
        isEmpty: isUnset,
      };
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes': {
      const options = allOptions(element);
      const picked =
        typeof value === 'boolean' && options.length === 1
          ? value
            ? [options[0]!.value]
            : []
          : list(value);
      const selected = picked.map((v) => findOption(element, v, label));
      return { entry: { type, selected_options: selected }, isEmpty: selected.length === 0 };
    }
    case 'users_select':
      return {
        entry: { type, selected_user: isUnset ? null : userId(ws, value) },
        isEmpty: isUnset,
      };
    case 'multi_users_select': {
      const users = list(value).map((v) => userId(ws, v));
      return { entry: { type, selected_users: users }, isEmpty: users.length === 0 };
    }
    case 'conversations_select':
    case 'channels_select': {
      const key = type === 'channels_select' ? 'selected_channel' : 'selected_conversation';
      return { entry: { type, [key]: isUnset ? null : channelId(ws, value) }, isEmpty: isUnset };
    }
    case 'multi_conversations_select':
    case 'multi_channels_select': {
      const key = type === 'multi_channels_select' ? 'selected_channels' : 'selected_conversations';
      const ids = list(value).map((v) => channelId(ws, v));
      return { entry: { type, [key]: ids }, isEmpty: ids.length === 0 };
    }
    case 'datepicker':
      return { entry: { type, selected_date: isUnset ? null : String(value) }, isEmpty: isUnset };
    case 'timepicker':
      return { entry: { type, selected_time: isUnset ? null : String(value) }, isEmpty: isUnset };
    case 'datetimepicker':
      return {
        entry: { type, selected_date_time: isUnset ? null : toUnixSeconds(value) },
        isEmpty: isUnset,
      };
    case 'rich_text_input': {
      const rich = isUnset
        ? null
        : {
            type: 'rich_text',
            elements: [
              { type: 'rich_text_section', elements: [{ type: 'text', text: String(value) }] },
            ],
          };
      return { entry: { type, rich_text_value: rich }, isEmpty: isUnset };
    }
    default:
      return { entry: { type, value: isUnset ? null : value }, isEmpty: isUnset };
  }
}
