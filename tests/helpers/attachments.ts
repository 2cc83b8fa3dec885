/** The smallest JPEG header and body the type check recognises; not a photo of anyone. */
export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(200, 7)]);

/**
 * A Messenger message with one attachment as Meta delivers it (`attachments[].payload.url`, a
 * signed CDN link), optionally with the patient's words beside it.
 */
export function messengerAttachment(opts: { psid: string; mid: string; url: string; text?: string; type?: string }): object {
  const at = Date.now();
  return {
    object: 'page',
    entry: [
      {
        id: 'PAGE_ID',
        time: at,
        messaging: [
          {
            sender: { id: opts.psid },
            recipient: { id: 'PAGE_ID' },
            timestamp: at,
            message: {
              mid: opts.mid,
              ...(opts.text ? { text: opts.text } : {}),
              attachments: [{ type: opts.type ?? 'image', payload: { url: opts.url } }],
            },
          },
        ],
      },
    ],
  };
}
