/**
 * The webhook benchmark's load generator in a process of its own: runs autocannon with the options
 * in LOAD_OPTIONS against LOAD_URL, then sends the parent the result and each new patient's send time.
 */
import { load, type LoadOptions } from './webhook-load';

async function main(): Promise<void> {
  const sentAt = new Map<string, number>();
  const result = await load(process.env.LOAD_URL ?? '', JSON.parse(process.env.LOAD_OPTIONS ?? '{}') as LoadOptions, sentAt);
  process.send?.({ result, sentAt: [...sentAt] }, () => process.exit(0));
}

void main();
