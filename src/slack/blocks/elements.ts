import type { KnownBlock, PlainTextOption, View } from '@slack/types';
import { inputActionId } from '../ids.js';

export type Blocks = KnownBlock[];

export const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });
export const md = (text: string) => ({ type: 'mrkdwn' as const, text });

export function option(value: string, label: string, description?: string): PlainTextOption {
  return {
    text: plain(buttonLabel(label)),
    value,
    ...(description ? { description: plain(buttonLabel(description)) } : {}),
  };
}

interface InputBase {
  blockId: string;
  label: string;
  hint?: string;
  optional?: boolean;
}

/** Every input block holds one element whose action_id is always `inputActionId`. */
function input(p: InputBase, element: Record<string, unknown>): KnownBlock {
  return {
    type: 'input',
    block_id: p.blockId,
    label: plain(p.label),
    optional: p.optional ?? false,
    ...(p.hint ? { hint: plain(p.hint) } : {}),
    element: { ...element, action_id: inputActionId },
  } as KnownBlock;
}

export function textInput(
  p: InputBase & {
    initial?: string;
    multiline?: boolean;
    maxLength?: number;
    placeholder?: string;
  },
): KnownBlock {
  return input(p, {
    type: 'plain_text_input',
    multiline: p.multiline ?? false,
    ...(p.initial ? { initial_value: p.initial } : {}),
    ...(p.maxLength ? { max_length: p.maxLength } : {}),
    ...(p.placeholder ? { placeholder: plain(p.placeholder) } : {}),
  });
}

function choiceInput(
  type: 'static_select' | 'radio_buttons',
  p: InputBase & { options: PlainTextOption[]; initialValue?: string },
): KnownBlock {
  const initial = p.options.find((o) => o.value === p.initialValue);
  return input(p, { type, options: p.options, ...(initial ? { initial_option: initial } : {}) });
}

export function selectInput(
  p: InputBase & { options: PlainTextOption[]; initialValue?: string },
): KnownBlock {
  return choiceInput('static_select', p);
}

export function radioInput(
  p: InputBase & { options: PlainTextOption[]; initialValue?: string },
): KnownBlock {
  return choiceInput('radio_buttons', p);
}

export function checkboxInput(p: InputBase & { text: string; initial?: boolean }): KnownBlock {
  const only = option('yes', p.text);
  return input(
    { ...p, optional: true },
    { type: 'checkboxes', options: [only], ...(p.initial ? { initial_options: [only] } : {}) },
  );
}

export function userInput(p: InputBase & { initialUser?: string }): KnownBlock {
  return input(p, {
    type: 'users_select',
    ...(p.initialUser ? { initial_user: p.initialUser } : {}),
  });
}

export function dateTimeInput(p: InputBase & { initial?: Date }): KnownBlock {
  return input(p, {
    type: 'datetimepicker',
    ...(p.initial ? { initial_date_time: Math.floor(p.initial.getTime() / 1000) } : {}),
  });
}

export function modal(p: {
  callbackId: string;
  title: string;
  submit: string;
  blocks: Blocks;
  privateMetadata?: Record<string, unknown>;
}): View {
  return {
    type: 'modal',
    callback_id: p.callbackId,
    title: plain(p.title.slice(0, 24)),
    submit: plain(p.submit.slice(0, 24)),
    close: plain('Cancel'),
    blocks: p.blocks,
    ...(p.privateMetadata ? { private_metadata: JSON.stringify(p.privateMetadata) } : {}),
  };
}

/** Slack caps a button's text at 75 characters; a longer one is cut at a word, with "…". */
export function buttonLabel(text: string, max = 75): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const atWord = cut.replace(/\s+\S*$/, '');
  return `${atWord.length > max / 2 ? atWord : cut}…`;
}

export function button(
  text: string,
  actionId: string,
  value?: string,
  style?: 'primary' | 'danger',
) {
  return {
    type: 'button' as const,
    text: plain(buttonLabel(text)),
    action_id: actionId,
    ...(value ? { value } : {}),
    ...(style ? { style } : {}),
  };
}
