import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routes } from '../../src/slack/handlers/index.js';
import { botEvents, buildManifest } from '../../src/slack/manifest.js';

const onDisk = (file: string) => JSON.parse(readFileSync(`manifests/${file}`, 'utf8'));

describe('manifests', () => {
  it('match the code (run `npm run vigil -- manifests` after changing scopes or events)', () => {
    expect(onDisk('http.json')).toEqual(buildManifest('http'));
    expect(onDisk('socket-mode.json')).toEqual(buildManifest('socket'));
  });

  it('subscribe to exactly the events the app listens to', () => {
    const listened = new Set(routes.events.map((r) => r.event));
    const subscribed = new Set(botEvents.map((e) => (e.startsWith('message.') ? 'message' : e)));
    expect([...subscribed].sort()).toEqual([...listened].sort());
  });

  it('declare every message shortcut the app answers', () => {
    const declared = buildManifest('http').features.shortcuts.map((s) => s.callback_id);
    expect(declared.sort()).toEqual(routes.shortcuts.map((s) => s.callbackId).sort());
  });

  it('turn Socket Mode on only in the socket manifest, and give URLs only to HTTP', () => {
    const http = buildManifest('http', 'https://vigil.example.com/slack/events');
    const socket = buildManifest('socket');
    expect(http.settings.socket_mode_enabled).toBe(false);
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(socket)).not.toContain('https://');
    expect(http.settings.event_subscriptions.request_url).toBe(
      'https://vigil.example.com/slack/events',
    );
  });
});
