import { isRecord } from '../../platform/values';

/** A message typed on the local chat page, as stored in the inbox. */
export interface WebchatInboundEvent {
  sessionId: string;
  clientMessageId: string;
  text: string;
  payload?: string;
  timestamp: number;
  /** The sender's address, hashed with a per-process secret (emergencies from one address share an item). */
  source?: string;
  /** A photo or PDF uploaded with the message (`POST /chat/api/attachments`), held under this id. */
  uploadId?: number;
}

export function isWebchatEvent(value: unknown): value is WebchatInboundEvent {
  return (
    isRecord(value) &&
    typeof value.sessionId === 'string' &&
    typeof value.clientMessageId === 'string' &&
    typeof value.text === 'string' &&
    typeof value.timestamp === 'number' &&
    (value.payload === undefined || typeof value.payload === 'string') &&
    (value.source === undefined || typeof value.source === 'string') &&
    (value.uploadId === undefined || typeof value.uploadId === 'number')
  );
}
