import type { AttachmentRepo } from './attachment-repo';

/** A file erased (or expired) between the staff's click and the send: refused for good, never retried. */
export interface FileGone {
  ok: false;
  retryable: false;
  permanent: true;
  reason: string;
}

/**
 * Sends a staff file with its bytes and type read from its attachment row; a file that is no
 * longer held is not sent.
 */
export async function withHeldFile<R>(
  attachments: Pick<AttachmentRepo, 'get' | 'bytes'> | undefined,
  attachmentId: number,
  send: (file: { bytes: Buffer; contentType: string }) => Promise<R>,
): Promise<R | FileGone> {
  const row = await attachments?.get(attachmentId);
  const bytes = row ? await attachments?.bytes(attachmentId) : undefined;
  if (!row || !bytes)
    return { ok: false, retryable: false, permanent: true, reason: 'not sent: the attachment is no longer held (erased?)' };
  return await send({ bytes, contentType: row.contentType ?? 'application/octet-stream' });
}
