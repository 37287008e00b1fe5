/**
 * A small position-tracking JSON parser (RFC 8259, nothing more, nothing
 * less) so that every diagnostic about a model or input file can name
 * `file:line:column` as well as the JSON path (`layers[3].gamma[17]`).
 *
 * `JSON.parse` loses positions, and Python's `json.dump` writes the
 * non-JSON literals `NaN`, `Infinity` and `-Infinity`; both reasons make a
 * parser of our own worth its ~250 lines. Lines and columns are 1-based;
 * columns count UTF-16 code units from the start of the line.
 */
import { UserError, diag, jsonPathJoin } from '../diagnostics.js';

/** A 1-based source position. */
export interface Pos {
  line: number;
  column: number;
}

/** A parsed JSON value with the position of its first character. */
export type JsonNode =
  | { kind: 'object'; pos: Pos; entries: Map<string, { keyPos: Pos; node: JsonNode }> }
  | { kind: 'array'; pos: Pos; items: JsonNode[] }
  | { kind: 'string'; pos: Pos; value: string }
  | { kind: 'number'; pos: Pos; value: number }
  | { kind: 'boolean'; pos: Pos; value: boolean }
  | { kind: 'null'; pos: Pos };

/** A JSON path as segments: object keys and array indices. */
export type PathSegments = ReadonlyArray<string | number>;

/** Deepest nesting accepted (protects the recursive parser's stack). */
export const MAX_JSON_DEPTH = 256;

/**
 * A parsed JSON document: the plain value (as `JSON.parse` would give)
 * plus the node tree that maps any path back to a source position.
 */
export class JsonSource {
  constructor(
    readonly file: string,
    readonly root: JsonNode,
    readonly value: unknown,
  ) {}

  /**
   * Position of the value at `path`; when the path does not exist (a
   * missing key, an index past the end) the position of the deepest
   * existing ancestor is returned, so a diagnostic always points somewhere.
   */
  locate(path: PathSegments | string): Pos {
    const segs = typeof path === 'string' ? parseJsonPath(path) : path;
    let node = this.root;
    for (const seg of segs) {
      let next: JsonNode | undefined;
      if (node.kind === 'object' && typeof seg === 'string') next = node.entries.get(seg)?.node;
      else if (node.kind === 'array' && typeof seg === 'number') next = node.items[seg];
      if (!next) break;
      node = next;
    }
    return node.pos;
  }

  /** The node at `path`, or undefined when the path does not exist. */
  nodeAt(path: PathSegments): JsonNode | undefined {
    let node: JsonNode | undefined = this.root;
    for (const seg of path) {
      if (!node) return undefined;
      if (node.kind === 'object' && typeof seg === 'string') node = node.entries.get(seg)?.node;
      else if (node.kind === 'array' && typeof seg === 'number') node = node.items[seg];
      else return undefined;
    }
    return node;
  }

  /** A diagnostics {@link Location} for `path`: file, line, column and JSON path. */
  where(path: PathSegments): { file: string; line: number; column: number; jsonPath: string } {
    const pos = this.locate(path);
    return { file: this.file, line: pos.line, column: pos.column, jsonPath: formatJsonPath(path) || '(root)' };
  }
}

/** Render segments in JS syntax: `layers[3].gamma[17]`. */
export function formatJsonPath(path: PathSegments): string {
  let s = '';
  for (const seg of path) s = jsonPathJoin(s, seg);
  return s;
}

/** Inverse of {@link formatJsonPath}: `layers[3]["a b"].x` → `['layers', 3, 'a b', 'x']`. */
export function parseJsonPath(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  const re = /\.?([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  let i = 0;
  while (i < path.length) {
    re.lastIndex = i;
    const m = re.exec(path);
    if (!m) throw new Error(`bad JSON path '${path}' at ${i}`);
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(m[3]!) as string);
    i = re.lastIndex;
  }
  return out;
}

/**
 * Parse `text` as JSON. Throws a {@link UserError} with one `E_JSON_SYNTAX`
 * diagnostic (`file:line:column`) on the first syntax error, with a
 * dedicated message for Python's `NaN` / `Infinity` literals, and
 * `E_SCHEMA` for a key repeated in one object (legal grammar, but the
 * value it means is undefined).
 */
export function parseJsonSource(text: string, file: string): JsonSource {
  const p = new Parser(text, file);
  const root = p.parseDocument();
  return new JsonSource(file, root, toValue(root));
}

/** Convert a node tree to plain JS values (objects get no prototype surprises). */
export function toValue(node: JsonNode): unknown {
  switch (node.kind) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const [k, { node: v }] of node.entries) {
        Object.defineProperty(o, k, { value: toValue(v), enumerable: true, writable: true, configurable: true });
      }
      return o;
    }
    case 'array':
      return node.items.map(toValue);
    case 'null':
      return null;
    default:
      return node.value;
  }
}

const NUMBER_RE = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

class Parser {
  private i = 0;
  private line = 1;
  private lineStart = 0;

  constructor(
    private readonly s: string,
    private readonly file: string,
  ) {
    // RFC 8259 §8.1: a parser may ignore a leading byte order mark.
    if (s.charCodeAt(0) === 0xfeff) {
      this.i = 1;
      this.lineStart = 1;
    }
  }

  parseDocument(): JsonNode {
    this.ws();
    if (this.i >= this.s.length) this.fail('empty document: expected a JSON value');
    const v = this.value(0);
    this.ws();
    if (this.i < this.s.length) this.fail(`unexpected ${this.describe()} after the end of the JSON value`);
    return v;
  }

  private pos(): Pos {
    return { line: this.line, column: this.i - this.lineStart + 1 };
  }

  private fail(message: string, hint?: string, at: Pos = this.pos()): never {
    throw new UserError(
      diag('E_JSON_SYNTAX', message, { file: this.file, line: at.line, column: at.column }, hint ? { hint } : {}),
    );
  }

  private describe(): string {
    if (this.i >= this.s.length) return 'end of input';
    const c = this.s[this.i]!;
    const code = c.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) return `control character U+${code.toString(16).padStart(4, '0').toUpperCase()}`;
    return `'${c}'`;
  }

  private ws(): void {
    const s = this.s;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c === 0x20 || c === 0x09) this.i++;
      else if (c === 0x0a) {
        this.i++;
        this.line++;
        this.lineStart = this.i;
      } else if (c === 0x0d) {
        this.i++;
        if (s.charCodeAt(this.i) === 0x0a) this.i++;
        this.line++;
        this.lineStart = this.i;
      } else return;
    }
  }

  private value(depth: number): JsonNode {
    if (depth > MAX_JSON_DEPTH) this.fail(`nesting deeper than ${MAX_JSON_DEPTH} levels`);
    const pos = this.pos();
    const c = this.s[this.i];
    switch (c) {
      case '{':
        return this.object(pos, depth);
      case '[':
        return this.array(pos, depth);
      case '"':
        return { kind: 'string', pos, value: this.string() };
      case 't':
      case 'f':
      case 'n':
        return this.literal(pos);
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number(pos);
        this.badValue();
    }
  }

  private badValue(): never {
    const rest = this.s.slice(this.i, this.i + 9);
    const m = /^-?(NaN|Infinity)/.exec(rest);
    if (m) {
      this.fail(
        `'${m[0]}' is not valid JSON (JSON has no NaN or infinities)`,
        "Python's json module writes NaN/Infinity for non-finite floats; find where the model got a non-finite value, " +
          'and save with json.dump(..., allow_nan=False) to catch it at export time',
      );
    }
    if (/^(True|False|None)\b/.test(rest)) {
      this.fail(`'${/^\w+/.exec(rest)![0]}' is Python, not JSON`, 'write true, false or null (lower case); save with json.dump, not str()');
    }
    if (this.s[this.i] === "'") this.fail('strings must use double quotes');
    this.fail(`expected a JSON value, found ${this.describe()}`);
  }

  private literal(pos: Pos): JsonNode {
    for (const [word, node] of [
      ['true', { kind: 'boolean', pos, value: true }],
      ['false', { kind: 'boolean', pos, value: false }],
      ['null', { kind: 'null', pos }],
    ] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return node;
      }
    }
    this.badValue();
  }

  private number(pos: Pos): JsonNode {
    NUMBER_RE.lastIndex = this.i;
    const m = NUMBER_RE.exec(this.s);
    if (!m) {
      if (/^-(NaN|Infinity)/.test(this.s.slice(this.i, this.i + 9))) this.badValue();
      this.i++; // past the '-'
      this.fail(`invalid number: expected a digit after '-', found ${this.describe()}`);
    }
    this.i += m[0].length;
    // Catch 01, 1., .5, 1e, 0x10: the regex stopped before a character that cannot follow a number.
    const next = this.s[this.i];
    if (next !== undefined && /[0-9.eExX+\-A-Za-z_]/.test(next)) {
      this.fail(`invalid number '${m[0]}${next}…': JSON numbers have no leading zeros, hex, or a bare '.'/exponent`, undefined, pos);
    }
    return { kind: 'number', pos, value: Number(m[0]) };
  }

  private string(): string {
    const s = this.s;
    this.i++; // opening quote
    let out = '';
    let start = this.i;
    for (;;) {
      if (this.i >= s.length) this.fail('unterminated string');
      const c = s.charCodeAt(this.i);
      if (c === 0x22) {
        out += s.slice(start, this.i);
        this.i++;
        return out;
      }
      if (c < 0x20) this.fail(`unescaped ${this.describe()} in string`, 'write control characters as \\n, \\t or \\u00XX');
      if (c !== 0x5c) {
        this.i++;
        continue;
      }
      out += s.slice(start, this.i);
      const e = s[this.i + 1];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const hex = s.slice(this.i + 2, this.i + 6);
          if (!/^[0-9A-Fa-f]{4}$/.test(hex)) this.fail('invalid \\u escape: expected 4 hex digits');
          out += String.fromCharCode(parseInt(hex, 16));
          this.i += 4;
          break;
        }
        default:
          this.i++;
          this.fail(`invalid escape '\\${e ?? ''}' in string`);
      }
      this.i += 2;
      start = this.i;
    }
  }

  private array(pos: Pos, depth: number): JsonNode {
    this.i++;
    const items: JsonNode[] = [];
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return { kind: 'array', pos, items };
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] === ']') this.fail('trailing comma before \']\'');
      items.push(this.value(depth + 1));
      this.ws();
      const c = this.s[this.i];
      if (c === ',') this.i++;
      else if (c === ']') {
        this.i++;
        return { kind: 'array', pos, items };
      } else this.fail(`expected ',' or ']' after an array element, found ${this.describe()}`);
    }
  }

  private object(pos: Pos, depth: number): JsonNode {
    this.i++;
    const entries = new Map<string, { keyPos: Pos; node: JsonNode }>();
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return { kind: 'object', pos, entries };
    }
    for (;;) {
      this.ws();
      const keyPos = this.pos();
      if (this.s[this.i] !== '"') {
        if (this.s[this.i] === '}') this.fail("trailing comma before '}'");
        this.fail(`expected a string key in double quotes, found ${this.describe()}`);
      }
      const key = this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.fail(`expected ':' after key "${key}", found ${this.describe()}`);
      this.i++;
      this.ws();
      const node = this.value(depth + 1);
      const prev = entries.get(key);
      if (prev) {
        throw new UserError(
          diag('E_SCHEMA', `duplicate key "${key}" (first at line ${prev.keyPos.line}:${prev.keyPos.column})`, {
            file: this.file,
            line: keyPos.line,
            column: keyPos.column,
          }),
        );
      }
      entries.set(key, { keyPos, node });
      this.ws();
      const c = this.s[this.i];
      if (c === ',') this.i++;
      else if (c === '}') {
        this.i++;
        return { kind: 'object', pos, entries };
      } else this.fail(`expected ',' or '}' after a member, found ${this.describe()}`);
    }
  }
}
