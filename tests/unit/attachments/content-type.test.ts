import { isInlineImage, sniffContentType } from '../../../src/attachments/content-type';

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('sniffContentType', () => {
  test.each([
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe1], 'Exif'), 'image/jpeg'],
    ['PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'IHDR'), 'image/png'],
    ['GIF', bytes('GIF89a', [1, 0, 1, 0]), 'image/gif'],
    ['WebP', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
    ['HEIC', bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0]), 'image/heic'],
    ['PDF', bytes('%PDF-1.7\n'), 'application/pdf'],
    ['a web page named .jpg', bytes('<!doctype html><script>alert(1)</script>'), 'application/octet-stream'],
    ['an SVG (script inside)', bytes('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'), 'application/octet-stream'],
    ['nothing', bytes(''), 'application/octet-stream'],
  ])('when the bytes are %s, then the type is read from them', (_name, input, expected) => {
    expect(sniffContentType(input)).toBe(expected);
  });

  test('when a type is only downloadable, then it is not shown inline', () => {
    expect(['image/jpeg', 'image/png', 'image/gif', 'image/webp'].every(isInlineImage)).toBe(true);
    expect(['image/heic', 'application/pdf', 'application/octet-stream', null].some(isInlineImage)).toBe(false);
  });
});
