import type { Attachment } from '../attachments/attachment-repo';
import { isInlineImage } from '../attachments/content-type';
import type { ConversationStore } from '../conversation/conversation-store';
import type { Message } from '../conversation/message-repo';
import type { ContentKind } from '../triage/content-kind';
import type { Role } from './access';
import type { Escalation } from './escalation-repo';
import type { EscalationStore } from './escalation-store';
import {
  CLINICAL_MESSAGE_PLACEHOLDER,
  CLINICAL_NOTE_PLACEHOLDER,
  CLINICAL_SUMMARY_PLACEHOLDER,
  maySee,
  readableKinds,
  shownText,
} from './minimum-necessary';
import type { Note } from './note-repo';

/** What the redacting reader reads from: messages, their attachments, reply-mail addresses, notes. */
export type ReadableStore = Pick<ConversationStore, 'messages' | 'attachments' | 'replyMail'> & Pick<EscalationStore, 'notes'>;

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

/** Where the reports read patient words the assistant did not understand, each with its kind. */
export interface ReportedWordsSource {
  fallbackMessages(
    from: number,
    to: number,
    limit: number,
  ): Promise<ReadonlyArray<{ text: string; kind: ContentKind | null; count: number }>>;
}

/**
 * A patient's attachment as one reader may see it: withheld ones keep their place without their
 * type or size, and their bytes are never served to that reader.
 */
export interface ShownAttachment {
  id: number;
  messageId: number;
  withheld: boolean;
  status: Attachment['status'] | null;
  contentType: string | null;
  size: number | null;
  /** Shown as an image in the thread; otherwise offered as a download. */
  inline: boolean;
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
    private readonly store: ReadableStore,
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

  /** The patient's latest message that was triaged to this route (why an item of that route exists). */
  async latestInboundOn(conversationId: number, route: string): Promise<ShownMessage | undefined> {
    const m = await this.store.messages.latestInbound(conversationId, route);
    return m && this.shown(m);
  }

  /** Messages matching every word, newest first: only messages this reader may read can match. */
  async search(words: readonly string[], limit: number): Promise<ShownMessage[]> {
    return (await this.store.messages.search(words, limit, readableKinds(this.role))).map((m) => this.shown(m));
  }

  /**
   * A conversation's attachments, by message: each follows the kind the bot gave it (the
   * conversation's), or its message's kind until it has one.
   */
  async attachments(conversationId: number): Promise<Map<number, ShownAttachment[]>> {
    const messages = new Map((await this.store.messages.listByConversation(conversationId)).map((m) => [m.id, m]));
    const byMessage = new Map<number, ShownAttachment[]>();
    for (const a of await this.store.attachments.listForConversation(conversationId)) {
      const message = a.messageId === null ? undefined : messages.get(a.messageId);
      if (!message) continue;
      const list = byMessage.get(message.id) ?? [];
      list.push(this.shownAttachment(a, message));
      byMessage.set(message.id, list);
    }
    return byMessage;
  }

  /** One attachment with its bytes, when this reader may see it and it is held. */
  async attachmentFile(id: number): Promise<{ shown: ShownAttachment; bytes: Buffer | undefined } | undefined> {
    const a = await this.store.attachments.get(id);
    const message = a?.messageId != null ? await this.store.messages.get(a.messageId) : undefined;
    if (!a || !message) return undefined;
    const shown = this.shownAttachment(a, message);
    return { shown, bytes: shown.withheld ? undefined : await this.store.attachments.bytes(id) };
  }

  private shownAttachment(a: Attachment, message: Message): ShownAttachment {
    const withheld = !maySee(this.role, a.kind ?? message.kind);
    return {
      id: a.id,
      messageId: message.id,
      withheld,
      status: withheld ? null : a.status,
      contentType: withheld ? null : a.contentType,
      size: withheld ? null : a.size,
      inline: !withheld && a.status === 'stored' && isInlineImage(a.contentType),
    };
  }

  async notes(conversationId: number): Promise<ShownNote[]> {
    return (await this.store.notes.listForConversation(conversationId)).map((n: Note) => {
      const { text, withheld } = shownText(this.role, n.clinical ? 'clinical' : 'administrative', n.text, CLINICAL_NOTE_PLACEHOLDER);
      return { ...n, text, withheld };
    });
  }

  /**
   * The patient messages the assistant most often did not understand, as this reader may see them:
   * a message of unknown kind is withheld as clinical, and the withheld ones count together under
   * one placeholder (listing placeholders would say nothing).
   */
  async notUnderstood(
    reports: ReportedWordsSource,
    from: number,
    to: number,
    limit: number,
  ): Promise<Array<{ text: string; count: number; withheld: boolean }>> {
    const shown: Array<{ text: string; count: number; withheld: boolean }> = [];
    let withheld = 0;
    for (const row of await reports.fallbackMessages(from, to, limit)) {
      const seen = shownText(this.role, row.kind ?? 'clinical', row.text);
      if (seen.withheld) withheld += row.count;
      else shown.push({ text: seen.text, count: row.count, withheld: false });
    }
    if (withheld > 0) shown.push({ text: CLINICAL_MESSAGE_PLACEHOLDER, count: withheld, withheld: true });
    return shown;
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

  /**
   * The needs of the message behind the item, each by its own kind: a front-desk agent reads the
   * billing question but not the clinical one beside it (placeholder, no intent).
   */
  needs(escalation: Escalation): Array<{ kind: string; intent: string | null; summary: string; withheld: boolean }> {
    return escalation.needs.map((need) => {
      const { text, withheld } = shownText(this.role, need.contentKind, need.summary, CLINICAL_SUMMARY_PLACEHOLDER);
      return { kind: need.kind, intent: withheld ? null : need.intent, summary: text, withheld };
    });
  }
}

export function readsFor(store: ReadableStore, role: Role): RedactedReads {
  return new RedactedReads(store, role);
}
