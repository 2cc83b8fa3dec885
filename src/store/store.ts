import { ApiTokenRepo } from '../staff/identity/api-token-repo';
import { AuditRepo } from '../audit/audit-repo';
import { CannedResponseRepo } from '../escalation/canned-response-repo';
import { ConversationRepo } from '../conversation/conversation-repo';
import { EscalationRepo } from '../escalation/escalation-repo';
import { InboxRepo } from '../conversation/inbox/inbox-repo';
import { MessageRepo } from '../conversation/message-repo';
import { NoteRepo } from '../escalation/note-repo';
import { openDatabase, type Db } from './open-database';
import { OutboxRepo } from '../conversation/outbox/outbox-repo';
import { StaffSessionRepo } from '../staff/identity/staff-session-repo';
import { StaffUserRepo } from '../staff/identity/staff-user-repo';

export interface Store {
  db: Db;
  conversations: ConversationRepo;
  messages: MessageRepo;
  inbox: InboxRepo;
  outbox: OutboxRepo;
  escalations: EscalationRepo;
  audit: AuditRepo;
  staffUsers: StaffUserRepo;
  staffSessions: StaffSessionRepo;
  apiTokens: ApiTokenRepo;
  notes: NoteRepo;
  cannedResponses: CannedResponseRepo;
  /** True when the database answers a trivial query. */
  ping(): boolean;
  close(): void;
}

export function createStore(file: string): Store {
  const db = openDatabase(file);
  return {
    db,
    conversations: new ConversationRepo(db),
    messages: new MessageRepo(db),
    inbox: new InboxRepo(db),
    outbox: new OutboxRepo(db),
    escalations: new EscalationRepo(db),
    audit: new AuditRepo(db),
    staffUsers: new StaffUserRepo(db),
    staffSessions: new StaffSessionRepo(db),
    apiTokens: new ApiTokenRepo(db),
    notes: new NoteRepo(db),
    cannedResponses: new CannedResponseRepo(db),
    ping() {
      try {
        return (db.prepare('SELECT 1 AS ok').get() as { ok: number }).ok === 1;
      } catch {
        return false;
      }
    },
    close() {
      if (db.open) db.close();
    },
  };
}
