import { joinReplies } from '../../../src/conversation/outbox/join-replies';
import { choicesOf, outgoing, readOutgoingMeta } from '../../../src/conversation/turn-meta';

const X_LIMITS = { maxTextLength: 10_000, maxQuickReplies: 20, maxQuickReplyTitle: 36, oneMessagePerTurn: true };

describe('joining a turn into one message', () => {
  test('when an answer is followed by "Did that help?" with buttons, then they are one message with those buttons', () => {
    const joined = joinReplies(
      [
        outgoing('I am the automated assistant.'),
        outgoing('We open at 8am.'),
        outgoing('Did that help?', { choices: [{ title: 'Yes', payload: 'feedback:yes' }] }),
      ],
      X_LIMITS,
    );
    expect(joined).toHaveLength(1);
    expect(joined[0]?.text).toBe('I am the automated assistant.\n\nWe open at 8am.\n\nDid that help?');
    expect(choicesOf(joined[0] ?? {})).toEqual([{ title: 'Yes', payload: 'feedback:yes' }]);
  });

  test('when one bubble is an emergency reply, then the joined message is urgent', () => {
    const joined = joinReplies([outgoing('Call 911 now.', { meta: { urgent: true } }), outgoing('I have alerted our staff.')], X_LIMITS);
    expect(joined).toHaveLength(1);
    expect(readOutgoingMeta(joined[0] ?? {}).urgent).toBe(true);
  });

  test('when the texts would pass the length limit or are sent differently, then they stay apart', () => {
    const long = 'a'.repeat(6000);
    expect(joinReplies([outgoing(long), outgoing(long)], X_LIMITS)).toHaveLength(2);
    const publicPost = outgoing('Please send us a DM.', { meta: { send: { type: 'public' } } });
    expect(joinReplies([outgoing('Hello.'), publicPost], X_LIMITS)).toHaveLength(2);
    expect(joinReplies([publicPost, publicPost], X_LIMITS)).toHaveLength(2);
  });
});
