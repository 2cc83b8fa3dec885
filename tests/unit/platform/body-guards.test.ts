import { jsonDepth, valueDepth } from '../../../src/platform/http/body-guards';

describe('JSON depth without recursion', () => {
  test('when brackets sit inside strings or after escapes, then they do not count', () => {
    expect(jsonDepth('{"a":"[[[{{{","b":"\\"[["}')).toBe(1);
    expect(jsonDepth('[[1],{"x":[2]}]')).toBe(3);
    expect(jsonDepth('42')).toBe(0);
  });

  test('when a text or value nests 1,000,000 levels, then the depth is found without overflowing the stack', () => {
    const text = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    expect(jsonDepth(text, 64)).toBe(65);
    expect(jsonDepth(text)).toBe(1_000_000);
    expect(valueDepth(JSON.parse(text) as unknown, 32)).toBe(33);
    expect(valueDepth({ a: [1, { b: 2 }] })).toBe(3);
  });
});
