import { parseEnvironmentFile } from '../../helpers/systemd-environment-file';

describe('parseEnvironmentFile (the e2e tests read the guide with it, as systemd would)', () => {
  test('when a value line carries a # note, then the note stays in the value; only lines starting with # or ; are comments', () => {
    expect(parseEnvironmentFile('# a comment\n; another\nA=1   # note\n  B = two words  \nC=\n')).toEqual({
      A: '1   # note',
      B: 'two words',
      C: '',
    });
  });

  test('when values are quoted or escaped, then quotes go, blanks inside them stay and a backslash-newline continues the line', () => {
    expect(parseEnvironmentFile(`A="x # y"\nB='$HOME \\n'\nC="a\\"b\\\\c\\d"\nD=one\\\ntwo\nE="x" tail\n`)).toEqual({
      A: 'x # y',
      B: '$HOME \\n',
      C: 'a"b\\c\\d',
      D: 'onetwo',
      E: 'xtail',
    });
  });

  test('when a line has no = or an invalid name, then it sets nothing', () => {
    expect(parseEnvironmentFile('just words\nbad-name=1\nOK=1')).toEqual({ OK: '1' });
  });
});
