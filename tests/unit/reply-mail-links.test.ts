import { readMailConfig } from '../../src/mail/mail-config';
import { linkIdOf, OPEN_LINK_DAYS, openToken, unsubscribeToken, verifyOpen, verifyUnsubscribe } from '../../src/mail/reply-links';
import { replyMailLinks, replyMailMessage } from '../../src/mail/reply-mail';
import { newLinkSecrets } from '../../src/mail/reply-mail-repo';

const DAY = 86_400_000;

describe('reply email links', () => {
  const row = newLinkSecrets();
  const at = 1_800_000_000_000;

  test('when the open link is used within its days, then it opens; a day later, or with another row key, it does not', () => {
    const token = openToken(row, at);
    expect(linkIdOf(token)).toBe(row.linkId);
    expect(verifyOpen(row, token, at + (OPEN_LINK_DAYS * DAY - 60_000))).toBe(true);
    expect(verifyOpen(row, token, at + OPEN_LINK_DAYS * DAY + 1000)).toBe(false);
    expect(verifyOpen({ ...row, linkKey: newLinkSecrets().linkKey }, token, at)).toBe(false);
    // A later expiry written into the token breaks its signature.
    const [id, expires, signature] = token.split('.');
    expect(verifyOpen(row, `${id}.${Number(expires) + 86_400}.${signature}`, at)).toBe(false);
  });

  test('when an unsubscribe token is offered as an open link, or the other way round, then neither works', () => {
    expect(verifyUnsubscribe(row, unsubscribeToken(row))).toBe(true);
    expect(verifyOpen(row, unsubscribeToken(row), at)).toBe(false);
    expect(verifyUnsubscribe(row, openToken(row, at))).toBe(false);
    expect(linkIdOf('../etc')).toBeUndefined();
    expect(linkIdOf(42)).toBeUndefined();
  });

  test('when the email is written, then it names the practice and the links only', () => {
    const links = replyMailLinks('https://chat.example.org', row, at);
    const mail = replyMailMessage({
      practiceName: 'Maple Street Family Practice',
      from: 'noreply@example.org',
      key: 'mail:reply:7',
      to: 'p@example.org',
      ...links,
    });
    expect(mail.subject).toBe('New reply from Maple Street Family Practice');
    expect(mail.text.split('\n')[0]).toBe(`You have a new reply from Maple Street Family Practice: open ${links.open}`);
    expect(links.open).toMatch(/^https:\/\/chat\.example\.org\/chat#open=[0-9a-f]{32}\.\d+\.[\w-]{32}$/);
    expect(mail.list.unsubscribe.url).toBe(links.unsubscribe);
    expect(mail.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    // The same item sent again (after a crash) is the same message to the receiving mail program.
    const again = replyMailMessage({ practiceName: 'x', from: 'noreply@example.org', to: 'p@example.org', key: 'mail:reply:7', ...links });
    expect(again.messageId).toBe(mail.messageId);
    expect(mail.messageId).toMatch(/^<reply\.[0-9a-f]{32}@example\.org>$/);
  });
});

describe('mail configuration', () => {
  test('when SMTP_URL is unset or blank, then mail is off', () => {
    expect(readMailConfig({})).toBeUndefined();
    expect(readMailConfig({ SMTP_URL: '  ' })).toBeUndefined();
  });

  test('when SMTP_URL is set, then MAIL_FROM and PUBLIC_URL are required, and each bad value is named', () => {
    const ok = {
      SMTP_URL: 'smtp://mail.example.org:587',
      MAIL_FROM: 'Practice <noreply@example.org>',
      PUBLIC_URL: 'https://chat.example.org/',
    };
    expect(readMailConfig(ok)).toEqual({ smtpUrl: ok.SMTP_URL, from: ok.MAIL_FROM, publicUrl: 'https://chat.example.org' });
    expect(() => readMailConfig({ ...ok, SMTP_URL: 'http://mail.example.org' })).toThrow(
      /SMTP_URL: must start with smtp:\/\/ or smtps:\/\//,
    );
    expect(() => readMailConfig({ ...ok, MAIL_FROM: '' })).toThrow(/MAIL_FROM: required with SMTP_URL/);
    expect(() => readMailConfig({ ...ok, PUBLIC_URL: undefined })).toThrow(/PUBLIC_URL: required with SMTP_URL/);
    expect(() => readMailConfig({ ...ok, PUBLIC_URL: 'chat.example.org' })).toThrow(/PUBLIC_URL/);
  });
});
