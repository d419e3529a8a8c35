import type { SandboxView } from '../sandbox/index.js';
import { localParts, parseAt, resolveAt } from './scenario-time.js';

type Obj = Record<string, unknown>;

function inputOf(view: SandboxView, key: string): Obj | undefined {
  const inputs = view.blocks.filter((b) => b.type === 'input');
  const label = (b: Obj) => String((b.label as Obj | undefined)?.text ?? '').toLowerCase();
  const block =
    inputs.find((b) => b.block_id === key) ?? inputs.find((b) => label(b) === key.toLowerCase());
  return block?.element as Obj | undefined;
}

/**
 * Date and time pickers take the scenario's `at:` forms ("14:37", "+2h", ISO); the sandbox wants
 * what Slack sends, so those are turned into instants here. Everything else passes through.
 */
export function modalValues(
  view: SandboxView,
  values: Record<string, unknown>,
  now: Date,
  offsetMinutes: number,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const type = String(inputOf(view, key)?.type ?? '');
    const spec = ['datetimepicker', 'datepicker', 'timepicker'].includes(type)
      ? parseAt(value)
      : undefined;
    if (!spec || typeof spec === 'string') {
      out[key] = typeof value === 'number' && type.endsWith('text_input') ? String(value) : value;
      continue;
    }
    const instant = resolveAt(spec, now, offsetMinutes);
    const parts = localParts(instant, offsetMinutes);
    if (type === 'datetimepicker') out[key] = Math.floor(instant.getTime() / 1000);
    else if (type === 'datepicker') out[key] = parts.date;
    else out[key] = parts.time;
  }
  return out;
}
