import type { Activity } from 'botbuilder';
import { choicesOf, outgoing, readOutgoingMeta, type OutgoingMeta } from '../turn-meta';
import type { ChannelLimits } from '../channel';
import { PUBLIC_POST_SEND_TYPE } from './delivery';

/** Between two joined bubbles: the blank line a patient would see between two messages. */
const BUBBLE_BREAK = '\n\n';

/**
 * A turn's replies as few messages as the channel's limits allow: consecutive bubbles written the
 * same way (same author and send type) become one message while the text fits, carrying the quick
 * replies of its last bubble that has any. A message marked urgent stays urgent when joined.
 */
export function joinReplies(activities: readonly Partial<Activity>[], limits: ChannelLimits): Partial<Activity>[] {
  const joined: Partial<Activity>[] = [];
  let group: Partial<Activity>[] = [];
  const close = (): void => {
    if (group.length > 0) joined.push(join(group));
    group = [];
  };
  for (const activity of activities) {
    const first = group[0];
    const fits = first !== undefined && textOf(group).length + BUBBLE_BREAK.length + (activity.text ?? '').length <= limits.maxTextLength;
    if (first !== undefined && !(fits && sameWay(first, activity))) close();
    group.push(activity);
  }
  close();
  return joined;
}

function textOf(group: readonly Partial<Activity>[]): string {
  return group.map((a) => a.text ?? '').join(BUBBLE_BREAK);
}

function sameWay(a: Partial<Activity>, b: Partial<Activity>): boolean {
  const x = readOutgoingMeta(a);
  const y = readOutgoingMeta(b);
  // A public post answers one post within a far shorter limit: posts are never joined.
  if (x.send?.type === PUBLIC_POST_SEND_TYPE) return false;
  return (x.author ?? 'bot') === (y.author ?? 'bot') && x.actor === y.actor && x.send?.type === y.send?.type && x.send?.tag === y.send?.tag;
}

function join(group: readonly Partial<Activity>[]): Partial<Activity> {
  const first = group[0] as Partial<Activity>;
  if (group.length === 1) return first;
  const meta: OutgoingMeta = { ...readOutgoingMeta(first), ...(group.some((a) => readOutgoingMeta(a).urgent) ? { urgent: true } : {}) };
  const choices =
    [...group]
      .reverse()
      .map(choicesOf)
      .find((c) => c.length > 0) ?? [];
  // The first bubble's addressing (conversation, recipient) with the joined text, buttons and metadata.
  const reference: Partial<Activity> = { ...first };
  delete reference.text;
  delete reference.suggestedActions;
  delete reference.channelData;
  return { ...reference, ...outgoing(textOf(group), { choices, meta }) };
}
