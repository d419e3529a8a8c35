type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const selectTypes = [
  'static_select',
  'external_select',
  'users_select',
  'conversations_select',
  'channels_select',
];
const multiSelectTypes = selectTypes.map((t) => `multi_${t}`);
const pickerTypes = ['datepicker', 'timepicker', 'datetimepicker'];
const choiceTypes = ['checkboxes', 'radio_buttons', 'overflow'];
const actionElements = new Set([
  'button',
  ...selectTypes,
  ...multiSelectTypes,
  ...pickerTypes,
  ...choiceTypes,
  'rich_text_input',
]);
const accessoryElements = new Set([...actionElements, 'image']);
const inputElements = new Set([
  'plain_text_input',
  'email_text_input',
  'url_text_input',
  'number_input',
  'rich_text_input',
  'file_input',
  ...selectTypes,
  ...multiSelectTypes,
  ...pickerTypes,
  'checkboxes',
  'radio_buttons',
]);

/**
 * Block Kit checks with Slack's message format: "<problem> [json-pointer:/blocks/0/text/text]".
 * Covers the limits Slack documents for each block and element Vigil can send.
 */
export class BlockValidator {
  readonly errors: string[] = [];

  blocks(blocks: unknown, path: string, maxBlocks: number): void {
    if (!Array.isArray(blocks)) {
      this.err('must provide an array', path);
      return;
    }
    if (blocks.length > maxBlocks) this.err(`no more than ${maxBlocks} items allowed`, path);
    const seen = new Set<string>();
    blocks.forEach((block, i) => {
      const at = `${path}/${i}`;
      if (!isObj(block)) {
        this.err('must provide an object', at);
        return;
      }
      if (typeof block.block_id === 'string') {
        if (seen.has(block.block_id))
          this.err(`duplicate block_id: ${block.block_id}`, `${at}/block_id`);
        seen.add(block.block_id);
      }
      this.block(block, at);
    });
  }

  private err(message: string, path: string): void {
    this.errors.push(`${message} [json-pointer:${path}]`);
  }

  private block(b: Obj, at: string): void {
    this.optionalString(b, 'block_id', at, 255);
    switch (b.type) {
      case 'section':
        if (b.text === undefined && b.fields === undefined)
          this.err('missing required field: text', at);
        if (b.text !== undefined) this.text(b.text, `${at}/text`, 3000);
        if (b.fields !== undefined)
          this.list(b.fields, `${at}/fields`, 10, (f, p) => this.text(f, p, 2000));
        if (b.accessory !== undefined)
          this.element(b.accessory, `${at}/accessory`, accessoryElements);
        return;
      case 'header': {
        this.text(b.text, `${at}/text`, 150, true);
        return;
      }
      case 'divider':
        return;
      case 'context':
        this.list(b.elements, `${at}/elements`, 10, (e, p) => {
          if (isObj(e) && e.type === 'image') this.image(e, p);
          else this.text(e, p, 3000);
        });
        return;
      case 'actions': {
        this.list(
          b.elements,
          `${at}/elements`,
          25,
          (e, p) => this.element(e, p, actionElements),
          true,
        );
        return;
      }
      case 'image':
        this.image(b, at);
        if (b.title !== undefined) this.text(b.title, `${at}/title`, 2000, true);
        return;
      case 'input':
        this.text(b.label, `${at}/label`, 2000, true);
        if (b.hint !== undefined) this.text(b.hint, `${at}/hint`, 2000, true);
        {
          this.element(b.element, `${at}/element`, inputElements);
          return;
        }
      case 'rich_text':
        if (!Array.isArray(b.elements)) this.err('missing required field: elements', at);
        return;
      case 'markdown': {
        this.string(b.text, `${at}/text`, 12000);
        return;
      }
      case 'file':
      case 'video':
        return;
      default:
        this.err(`unsupported type: ${String(b.type)}`, `${at}/type`);
    }
  }

  private list(
    value: unknown,
    path: string,
    max: number,
    each: (item: unknown, path: string) => void,
    checkActionIds = false,
  ): void {
    if (!Array.isArray(value)) {
      this.err('must provide an array', path);
      return;
    }
    if (value.length === 0) this.err('must provide at least 1 item', path);
    if (value.length > max) this.err(`no more than ${max} items allowed`, path);
    const ids = new Set<string>();
    value.forEach((item, i) => {
      each(item, `${path}/${i}`);
      const id = isObj(item) ? item.action_id : undefined;
      if (checkActionIds && typeof id === 'string') {
        if (ids.has(id)) this.err(`duplicate action_id: ${id}`, `${path}/${i}/action_id`);
        ids.add(id);
      }
    });
  }

  text(value: unknown, path: string, max: number, plainOnly = false): void {
    if (value === undefined) {
      this.err('missing required field', path);
      return;
    }
    if (!isObj(value)) {
      this.err('must provide an object', path);
      return;
    }
    if (value.type !== 'plain_text' && value.type !== 'mrkdwn') {
      this.err('must be a valid text object type (plain_text or mrkdwn)', `${path}/type`);
      return;
    }
    if (plainOnly && value.type !== 'plain_text') this.err('must be plain_text', `${path}/type`);
    this.string(value.text, `${path}/text`, max);
  }

  string(value: unknown, path: string, max: number, min = 1): void {
    if (typeof value !== 'string') {
      this.err('must provide a string', path);
      return;
    }
    if (value.length < min) this.err(`must be more than ${min - 1} characters`, path);
    if (value.length > max) this.err(`must be less than ${max + 1} characters`, path);
  }

  private optionalString(o: Obj, key: string, at: string, max: number): void {
    if (o[key] !== undefined) this.string(o[key], `${at}/${key}`, max);
  }

  private image(e: Obj, at: string): void {
    if (e.image_url === undefined && e.slack_file === undefined) {
      this.err('missing required field: image_url', at);
    }
    this.optionalString(e, 'image_url', at, 3000);
    this.string(e.alt_text, `${at}/alt_text`, 2000);
  }

  private element(value: unknown, at: string, allowed: Set<string>): void {
    if (!isObj(value)) {
      this.err('must provide an object', at);
      return;
    }
    const type = String(value.type);
    if (!allowed.has(type)) {
      this.err(`unsupported type: ${type}`, `${at}/type`);
      return;
    }
    this.optionalString(value, 'action_id', at, 255);
    if (value.placeholder !== undefined)
      this.text(value.placeholder, `${at}/placeholder`, 150, true);
    if (value.confirm !== undefined) this.confirm(value.confirm, `${at}/confirm`);
    if (type === 'button') {
      this.button(value, at);
      return;
    }
    if (type === 'plain_text_input') {
      this.textInput(value, at);
      return;
    }
    if (type === 'number_input' && typeof value.is_decimal_allowed !== 'boolean') {
      this.err('missing required field: is_decimal_allowed', at);
    }
    if (type === 'static_select' || type === 'multi_static_select') this.selectOptions(value, at);
    if (type === 'overflow') this.options(value.options, `${at}/options`, 5, false, 2);
    if (type === 'checkboxes' || type === 'radio_buttons') {
      this.options(value.options, `${at}/options`, 10, true, 1);
    }
  }

  private button(b: Obj, at: string): void {
    this.text(b.text, `${at}/text`, 75, true);
    this.optionalString(b, 'value', at, 2000);
    this.optionalString(b, 'url', at, 3000);
    this.optionalString(b, 'accessibility_label', at, 75);
    if (b.style !== undefined && b.style !== 'primary' && b.style !== 'danger') {
      this.err('must be one of: primary, danger', `${at}/style`);
    }
  }

  private textInput(e: Obj, at: string): void {
    const min = e.min_length;
    const max = e.max_length;
    if (min !== undefined && (typeof min !== 'number' || min < 0 || min > 3000)) {
      this.err('must be between 0 and 3000', `${at}/min_length`);
    }
    if (max !== undefined && (typeof max !== 'number' || max < 1 || max > 3000)) {
      this.err('must be between 1 and 3000', `${at}/max_length`);
    }
  }

  private selectOptions(e: Obj, at: string): void {
    if (e.options === undefined && e.option_groups === undefined) {
      this.err('missing required field: options', at);
      return;
    }
    if (e.options !== undefined) this.options(e.options, `${at}/options`, 100, false, 1);
    if (e.option_groups !== undefined) {
      this.list(e.option_groups, `${at}/option_groups`, 100, (g, p) => {
        if (!isObj(g)) {
          this.err('must provide an object', p);
          return;
        }
        this.text(g.label, `${p}/label`, 75, true);
        this.options(g.options, `${p}/options`, 100, false, 1);
      });
    }
  }

  private options(value: unknown, path: string, max: number, mrkdwnOk: boolean, min: number): void {
    if (!Array.isArray(value)) {
      this.err('must provide an array', path);
      return;
    }
    if (value.length < min) this.err(`must provide at least ${min} items`, path);
    if (value.length > max) this.err(`no more than ${max} items allowed`, path);
    value.forEach((o, i) => {
      const p = `${path}/${i}`;
      if (!isObj(o)) {
        this.err('must provide an object', p);
        return;
      }
      this.text(o.text, `${p}/text`, 75, !mrkdwnOk);
      this.string(o.value, `${p}/value`, 150);
      if (o.description !== undefined) this.text(o.description, `${p}/description`, 75, !mrkdwnOk);
    });
  }

  private confirm(value: unknown, at: string): void {
    if (!isObj(value)) {
      this.err('must provide an object', at);
      return;
    }
    this.text(value.title, `${at}/title`, 100, true);
    this.text(value.text, `${at}/text`, 300);
    this.text(value.confirm, `${at}/confirm`, 30, true);
    this.text(value.deny, `${at}/deny`, 30, true);
  }
}

/** Problems in message blocks (≤50), each formatted the way Slack reports them. */
export function validateMessageBlocks(blocks: unknown): string[] {
  const v = new BlockValidator();
  v.blocks(blocks, '/blocks', 50);
  return v.errors;
}
