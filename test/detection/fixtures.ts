import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import type { DeploymentEntry } from '../../src/detection/alert.js';
import { testConfigPath } from '../helpers/harness.js';

/** A real payload from test/fixtures/alerts, parsed the way the webhook parses it. */
export function payload(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(resolve('test/fixtures/alerts', name), 'utf8'));
}

/** The test config's deployments, with their thresholds. */
export function testDeployments(): DeploymentEntry[] {
  const loaded = loadConfig(testConfigPath);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return loaded.config.clients.flatMap((client) =>
    client.deployments.map((d) => ({
      clientKey: client.key,
      key: d.key,
      thresholds: d.thresholds,
    })),
  );
}

export const receivedAt = new Date('2026-05-26T12:30:00Z');
