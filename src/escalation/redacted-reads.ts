import type { ConversationStore } from '../conversation/conversation-store';
import type { Message } from '../conversation/message-repo';
import type { ContentKind } from '../triage/content-kind';
import type { Role } from './access';
import type { Escalation } from './escalation-repo';
import type { EscalationStore } from './escalation-store';
import { CLINICAL_NOTE_PLACEHOLDER, CLINICAL_SUMMARY_PLACEHOLDER, maySee, readableKinds, shownText } from './minimum-necessary';
import type { Note } from './note-repo';

/** A transcript message as one reader may see it: withheld text is a placeholder, without intent or route. */
export interface ShownMessage {
  id: number;
  conversationId: number;
  direction: 'in' | 'out';
  author: Message['author'];
  staffActor: string | null;
  text: string;
  withheld: boolean;
  intent: string | null;
  route: string | null;
  status: string;
  createdAt: number;
}

/** A note as one reader may see it: withheld text is a placeholder. */
export type ShownNote = Note & { withheld: boolean };

/**
 * The one way staff views read stored text (transcripts, notes, request summaries, search,
 * undelivered replies): every record comes back already redacted for the reader's role, piece by
 * piece, by the kind it was given when written. A view holds a reader, never the raw repositories'
 * text, so a new view cannot forget the rule.
 */
export class RedactedReads {
  constructor(
    private readonly store: Pick<ConversationStore, 'messages' | 'replyMail'> & Pick<EscalationStore, 'notes'>,
    readonly role: Role,
  ) {}

  mayRead(kind: ContentKind): boolean {
    return maySee(this.role, kind);
  }

  private shown(m: Message): ShownMessage {
    const { text, withheld } = shownText(this.role, m.kind, m.text);
    return {
      id: m.id,
      conversationId: m.conversationId,
      direction: m.direction,
      author: m.author,
      staffActor: m.staffActor,
      text,
      withheld,
      intent: withheld ? null : m.intent,
      route: withheld ? null : m.route,
      status: m.status,
      createdAt: m.createdAt,
    };
  }

  async messages(conversationId: number): Promise<ShownMessage[]> {
    return (await this.store.messages.listByConversation(conversationId)).map((m) => this.shown(m));
  }

  async message(id: number): Promise<ShownMessage | undefined> {
    const m = await this.store.messages.get(id);
    return m && this.shown(m);
  }

  async latestInbound(conversationId: number): Promise<ShownMessage | undefined> {
    const m = await this.store.messages.latestInbound(conversationId);
    return m && this.shown(m);
  }

  /** Messages matching every word, newest first: only messages this reader may read can match. */
  async search(words: readonly string[], limit: number): Promise<ShownMessage[]> {
    return (await this.store.messages.search(words, limit, readableKinds(this.role))).map((m) => this.shown(m));
  }

  async notes(conversationId: number): Promise<ShownNote[]> {
    return (await this.store.notes.listForConversation(conversationId)).map((n: Note) => {
      const { text, withheld } = shownText(this.role, n.clinical ? 'clinical' : 'administrative', n.text, CLINICAL_NOTE_PLACEHOLDER);
      return { ...n, text, withheld };
    });
  }

  /** The address a web-chat patient gave for reply emails: contact details, administrative; null when none. */
  async replyMail(conversationId: number): Promise<{ text: string; withheld: boolean } | null> {
    const row = await this.store.replyMail.get(conversationId);
    return row ? shownText(this.role, 'administrative', row.address) : null;
  }

  /** A request's summary (what a guided flow collected), by the kind of the answers it repeats. */
  summary(escalation: Escalation): { text: string | null; withheld: boolean } {
    if (escalation.summary === null) return { text: null, withheld: false };
    return shownText(this.role, escalation.summaryKind ?? 'clinical', escalation.summary, CLINICAL_SUMMARY_PLACEHOLDER);
  }
}

export function readsFor(
  store: Pick<ConversationStore, 'messages' | 'replyMail'> & Pick<EscalationStore, 'notes'>,
  role: Role,
): RedactedReads {
  return new RedactedReads(store, role);
}
