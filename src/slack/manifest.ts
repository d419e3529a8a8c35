import { shortcuts } from './ids.js';

/** Exactly the scopes Vigil's calls and events need; `vigil doctor` checks a token against them. */
export const botScopes = [
  'bookmarks:write',
  'channels:history',
  'channels:join',
  'channels:manage',
  'channels:read',
  'chat:write',
  'commands',
  'files:read',
  'files:write',
  'groups:history',
  'groups:read',
  'pins:read',
  'pins:write',
  'reactions:read',
  'usergroups:read',
  'users:read',
  'users:read.email',
] as const;

export const botEvents = [
  'message.channels',
  'message.groups',
  'reaction_added',
  'reaction_removed',
] as const;

export type ManifestMode = 'http' | 'socket';

export function buildManifest(
  mode: ManifestMode,
  requestUrl = 'https://vigil.example.com/slack/events',
) {
  const isHttp = mode === 'http';
  return {
    display_information: {
      name: 'Vigil',
      description: 'Runs incidents in Slack: channel, cadence, timeline, post-mortem.',
      background_color: '#1d2b3a',
    },
    features: {
      bot_user: { display_name: 'vigil', always_online: true },
      slash_commands: [
        {
          command: '/incident',
          description: 'Declare and run incidents',
          usage_hint: 'p1 CRM lookups time out | help',
          should_escape: true,
          ...(isHttp ? { url: requestUrl } : {}),
        },
      ],
      shortcuts: [
        {
          name: 'Add to timeline',
          type: 'message',
          callback_id: shortcuts.addToTimeline,
          description: 'Put this message on the incident timeline',
        },
      ],
    },
    oauth_config: { scopes: { bot: [...botScopes] } },
    settings: {
      event_subscriptions: {
        ...(isHttp ? { request_url: requestUrl } : {}),
        bot_events: [...botEvents],
      },
      interactivity: { is_enabled: true, ...(isHttp ? { request_url: requestUrl } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: !isHttp,
      token_rotation_enabled: false,
    },
  };
}
