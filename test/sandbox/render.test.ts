import { describe, expect, it } from 'vitest';
import { renderBlocksToText } from '../../src/sandbox/render.js';
import { fixture } from './helpers.js';

const handles: Record<string, string> = { U0100000011: 'alex', U0100000012: 'sam' };
const lookup = (id: string) => handles[id];

describe('renderBlocksToText', () => {
  it('renders header, section with fields, divider, context and buttons as a person reads them', () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'SEV2: Orders DB latency' } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '*Commander:* <@U0100000011>' },
        fields: [
          { type: 'mrkdwn', text: '*Status:* Investigating' },
          { type: 'mrkdwn', text: '*Started:* 09:55' },
        ],
      },
      { type: 'divider' },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Next update in 30 min' }] },
      {
        type: 'actions',
        elements: [
          { type: 'button', text: { type: 'plain_text', text: 'Acknowledge' } },
          { type: 'button', text: { type: 'plain_text', text: 'Update status' } },
        ],
      },
    ];
    expect(renderBlocksToText(blocks, 'fallback', lookup)).toBe(
      [
        'SEV2: Orders DB latency',
        '*Commander:* @alex',
        '*Status:* Investigating',
        '*Started:* 09:55',
        '---',
        'Next update in 30 min',
        '[Acknowledge] [Update status]',
      ].join('\n'),
    );
  });

  it('leaves mentions as written without a lookup and falls back to the text without blocks', () => {
    expect(renderBlocksToText(undefined, 'paging <@U0100000012>')).toBe('paging <@U0100000012>');
    expect(renderBlocksToText([], 'paging <@U0100000012>', lookup)).toBe('paging @sam');
  });

  it('renders rich_text from a person’s message, including user elements and lists', () => {
    const message = fixture<{ event: { blocks: unknown[]; text: string } }>(
      'payloads/events/message.json',
    );
    expect(renderBlocksToText(message.event.blocks, message.event.text)).toBe(message.event.text);
    const rich = [
      {
        type: 'rich_text',
        elements: [
          {
            type: 'rich_text_section',
            elements: [
              { type: 'user', user_id: 'U0100000011' },
              { type: 'text', text: ' look' },
            ],
          },
          {
            type: 'rich_text_list',
            style: 'bullet',
            elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'one' }] }],
          },
        ],
      },
    ];
    expect(renderBlocksToText(rich, '', lookup)).toBe('@alex look\n• one');
  });

  it('shows a section accessory button and a select by its placeholder', () => {
    const blocks = [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: 'Severity?' },
        accessory: {
          type: 'static_select',
          placeholder: { type: 'plain_text', text: 'Pick one' },
          options: [],
        },
      },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: 'Runbook' },
        accessory: { type: 'button', text: { type: 'plain_text', text: 'Open' } },
      },
    ];
    expect(renderBlocksToText(blocks, '')).toBe('Severity?\n[Pick one ▾]\nRunbook\n[Open]');
  });
});
