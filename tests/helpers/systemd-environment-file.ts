type State =
  'pre-key' | 'key' | 'pre-value' | 'value' | 'value-escape' | 'single' | 'double' | 'double-escape' | 'comment' | 'comment-escape';

const NEWLINE = new Set(['\n', '\r']);
const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
/** Inside double quotes a backslash escapes only these; before anything else it stays. */
const DOUBLE_QUOTE_ESCAPES = new Set(['"', '\\', '`', '$']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Reads an EnvironmentFile= the way systemd does (its env-file parser, state by state): KEY=VALUE
 * lines; a comment is a line whose first non-blank character is # or ;, never the end of a line;
 * leading and trailing blanks of an unquoted value go, blanks inside stay; '…' is literal and "…"
 * takes \" \\ \` \$ escapes, and quotes may stand anywhere in a value; a backslash before a newline
 * continues a value's line (not a comment's); a line without = or with an invalid name sets nothing.
 */
export function parseEnvironmentFile(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  let state: State = 'pre-key';
  let key = '';
  let value = '';
  let trailingBlanks = 0;
  const assign = () => {
    const name = key.trim();
    if (NAME.test(name)) result[name] = state === 'value' ? value.slice(0, value.length - trailingBlanks) : value;
    key = '';
    value = '';
    trailingBlanks = 0;
  };
  for (const c of `${text}\n`) {
    const newline = NEWLINE.has(c);
    switch (state) {
      case 'pre-key':
        if (c === '#' || c === ';') state = 'comment';
        else if (!newline && !WHITESPACE.has(c)) {
          state = 'key';
          key = c;
        }
        break;
      case 'key':
        if (newline) {
          state = 'pre-key';
          key = '';
        } else if (c === '=') state = 'pre-value';
        else key += c;
        break;
      case 'pre-value':
        if (newline) {
          assign();
          state = 'pre-key';
        } else if (c === "'") state = 'single';
        else if (c === '"') state = 'double';
        else if (c === '\\') state = 'value-escape';
        else if (!WHITESPACE.has(c)) {
          state = 'value';
          value += c;
        }
        break;
      case 'value':
        if (newline) {
          assign();
          state = 'pre-key';
        } else if (c === '\\') {
          state = 'value-escape';
          trailingBlanks = 0;
        } else {
          value += c;
          trailingBlanks = WHITESPACE.has(c) ? trailingBlanks + 1 : 0;
        }
        break;
      case 'value-escape':
        state = 'value';
        if (!newline) value += c;
        break;
      case 'single':
        if (c === "'") state = 'pre-value';
        else value += c;
        break;
      case 'double':
        if (c === '"') state = 'pre-value';
        else if (c === '\\') state = 'double-escape';
        else value += c;
        break;
      case 'double-escape':
        state = 'double';
        if (DOUBLE_QUOTE_ESCAPES.has(c)) value += c;
        else if (c !== '\n') value += `\\${c}`;
        break;
      case 'comment':
        if (c === '\\') state = 'comment-escape';
        else if (newline) state = 'pre-key';
        break;
      case 'comment-escape':
        state = newline ? 'pre-key' : 'comment';
        break;
    }
  }
  return result;
}
