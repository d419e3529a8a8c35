import type { App, BlockAction, ViewSubmitAction } from '@slack/bolt';

export const declareModal = {
  type: 'modal' as const,
  callback_id: 'declare_incident',
  private_metadata: '{"source":"command"}',
  notify_on_close: true,
  title: { type: 'plain_text' as const, text: 'Declare incident' },
  submit: { type: 'plain_text' as const, text: 'Declare' },
  close: { type: 'plain_text' as const, text: 'Cancel' },
  blocks: [
    {
      type: 'input',
      block_id: 'title',
      label: { type: 'plain_text', text: 'Title' },
      element: { type: 'plain_text_input', action_id: 'title_input', max_length: 150 },
    },
    {
      type: 'input',
      block_id: 'severity',
      label: { type: 'plain_text', text: 'Severity' },
      element: {
        type: 'static_select',
        action_id: 'severity_select',
        initial_option: { text: { type: 'plain_text', text: 'SEV3 - minor' }, value: 'sev3' },
        options: ['sev1', 'sev2', 'sev3'].map((v, i) => ({
          text: {
            type: 'plain_text',
            text: `${v.toUpperCase()} - ${['critical', 'major', 'minor'][i]}`,
          },
          value: v,
        })),
      },
    },
    {
      type: 'input',
      block_id: 'responders',
      optional: true,
      label: { type: 'plain_text', text: 'Responders' },
      element: { type: 'multi_users_select', action_id: 'responders_select' },
    },
    {
      type: 'input',
      optional: true,
      label: { type: 'plain_text', text: 'Started at' },
      element: { type: 'datetimepicker', action_id: 'started_at_picker' },
    },
    {
      type: 'input',
      block_id: 'notify',
      optional: true,
      label: { type: 'plain_text', text: 'Notify customers' },
      element: {
        type: 'checkboxes',
        action_id: 'notify_box',
        options: [{ text: { type: 'plain_text', text: 'Yes' }, value: 'yes' }],
      },
    },
  ],
};

export interface IncidentApp {
  submissions: ViewSubmitAction[];
  closed: string[];
  register(app: App): void;
}

/** A small Bolt app shaped like Vigil's declare flow, for driving the sandbox end to end. */
export function incidentApp(announceChannelId: () => string): IncidentApp {
  const submissions: ViewSubmitAction[] = [];
  const closed: string[] = [];
  const register = (app: App): void => {
    app.command('/incident', async ({ ack, body, client }) => {
      await ack();
      await client.views.open({ trigger_id: body.trigger_id, view: declareModal });
    });
    app.view('declare_incident', async ({ ack, body, client }) => {
      submissions.push(body as ViewSubmitAction);
      const title = body.view.state.values.title?.title_input?.value ?? '';
      if (title === 'bad') {
        await ack({ response_action: 'errors', errors: { title: 'Give it a real title' } });
        return;
      }
      await ack();
      await client.chat.postMessage({
        channel: announceChannelId(),
        text: `Incident declared: ${title}`,
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: `*${title}*` } },
          {
            type: 'actions',
            elements: [
              {
                type: 'button',
                action_id: 'ack',
                text: { type: 'plain_text', text: 'Acknowledge' },
                value: 'INC-1',
              },
            ],
          },
        ],
      });
    });
    app.view({ callback_id: 'declare_incident', type: 'view_closed' }, async ({ ack, body }) => {
      await ack();
      closed.push(body.view.id);
    });
    app.action<BlockAction>('ack', async ({ ack, respond, body }) => {
      await ack();
      await respond({ replace_original: true, text: `Acknowledged by <@${body.user.id}>` });
    });
  };
  return { submissions, closed, register };
}
