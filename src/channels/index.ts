import type { ChannelDefinition } from '../conversation/channel';
import { instagramChannel } from './instagram';
import { messengerChannel } from './messenger';
import { webchatChannel } from './webchat';
import { xChannel } from './x';

/**
 * The one list of channels. A new channel is a folder beside these that exports a
 * ChannelDefinition, plus one line here; nothing else in the code base names a channel.
 */
export const CHANNELS: readonly ChannelDefinition[] = [messengerChannel, instagramChannel, xChannel, webchatChannel];
