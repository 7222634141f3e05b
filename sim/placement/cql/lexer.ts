/**
 * Reading CQL text: a scanner the parser drives, because what a character means depends on where
 * it is (`t2.*` and `service:production` are values after an operator, `!` is negation before a
 * subject and part of `!=` after one). Also the translation of a Java regular expression to an
 * equivalent JavaScript one, which is lexical work on the regex's own tokens.
 */

import { VALUE_END_CHARS } from "./ast.ts";

/** A malformed expression, pointing at the 1-based column of the problem. */
export class CqlError extends Error {
  override readonly name = "CqlError";
  /** 1-based column in the expression. */
  readonly column: number;
  /** What is wrong, without the "memberOf expression at column N: " prefix. */
  readonly reason: string;

  constructor(column: number, reason: string) {
    super(`memberOf expression at column ${column}: ${reason}`);
    this.column = column;
    this.reason = reason;
  }
}

const SPACE = /\s/;
/** Characters that end a word (subject, word operator, keyword) besides whitespace. */
const WORD_END = new Set("()[],'\"=!<>~&|");
/** Characters that end a bare value besides whitespace; `&&` and `||` end one too. */
const VALUE_END = new Set(VALUE_END_CHARS);
const OPERATOR_CHARS = new Set("=!<>~");

/** A value as written: the text (without quotes) and the column where it starts. */
export interface Token {
  readonly text: string;
  readonly column: number;
  readonly quoted: boolean;
}

/** A cursor over the expression text; every read first skips whitespace. */
export class Scanner {
  readonly text: string;
  pos = 0;

  constructor(text: string) {
    this.text = text;
  }

  /** The 1-based column of the next character, after whitespace. */
  get column(): number {
    this.skipSpace();
    return this.pos + 1;
  }

  skipSpace(): void {
    while (this.pos < this.text.length && SPACE.test(this.text[this.pos]!)) this.pos++;
  }

  /** The next character after whitespace, or undefined at the end. */
  peek(): string | undefined {
    this.skipSpace();
    return this.text[this.pos];
  }

  fail(reason: string, column = this.column): never {
    throw new CqlError(column, reason);
  }

  /** The next token for an error message: `"foo"`, or `the end of the expression`. */
  describeNext(): string {
    const c = this.peek();
    if (c === undefined) return "the end of the expression";
    if (VALUE_END.has(c)) return `"${c}"`;
    let end = this.pos;
    while (end < this.text.length && !SPACE.test(this.text[end]!) && !VALUE_END.has(this.text[end]!)) end++;
    const token = this.text.slice(this.pos, end);
    return `"${token.length > 24 ? `${token.slice(0, 24)}...` : token}"`;
  }

  /** A run of word characters: a subject, a word operator, `and`, `or`, `not` ("" if none). */
  readWord(): string {
    this.skipSpace();
    const start = this.pos;
    while (this.pos < this.text.length && !SPACE.test(this.text[this.pos]!) && !WORD_END.has(this.text[this.pos]!)) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** Consumes `symbol` or the word `word` if next; true if it did. */
  tryKeyword(symbol: string, word: string): boolean {
    this.skipSpace();
    if (this.text.startsWith(symbol, this.pos)) {
      this.pos += symbol.length;
      return true;
    }
    const start = this.pos;
    if (this.readWord() === word) return true;
    this.pos = start;
    return false;
  }

  /** An operator as written: a symbol run (`>=`, `!~`), `!` + word (`!exists`), or a word. */
  readOperator(): string {
    this.skipSpace();
    const start = this.pos;
    while (this.pos < this.text.length && OPERATOR_CHARS.has(this.text[this.pos]!)) this.pos++;
    if (this.pos === start) return this.readWord();
    const symbol = this.text.slice(start, this.pos);
    // Only letters may follow "!" directly: "!exists", "!in"; "! exists" is not an operator.
    return symbol === "!" && /[A-Za-z_]/.test(this.text[this.pos] ?? "") ? symbol + this.readWord() : symbol;
  }

  /**
   * A quoted or bare value, or undefined when none starts here. A bare regular expression may
   * hold commas and balanced brackets, `=~ t2.(micro|small)`, `=~ [a-z]{1,3}`: it ends at
   * whitespace, a quote, `&&`, `||` or a `)` it did not open, so `not(x =~ a(b))` still reads.
   */
  readValue(regex = false): Token | undefined {
    const column = this.column;
    const quote = this.text[this.pos];
    if (quote === "'" || quote === '"') {
      // No escapes: a value holding one kind of quote is written in the other.
      const close = this.text.indexOf(quote, this.pos + 1);
      if (close < 0) this.fail(`unterminated quoted value: no closing ${quote}`, column);
      const text = this.text.slice(this.pos + 1, close);
      this.pos = close + 1;
      return { text, column, quoted: true };
    }
    const start = this.pos;
    let depth = 0; // of the regex's own parentheses
    let inClass = false; // inside a regex [...], where parentheses are literal
    while (this.pos < this.text.length) {
      const c = this.text[this.pos]!;
      if (SPACE.test(c) || c === "'" || c === '"') break;
      if ((this.text.startsWith("&&", this.pos) || this.text.startsWith("||", this.pos)) && depth === 0 && !inClass) break;
      if (!regex) {
        if (VALUE_END.has(c)) break;
      } else if (c === "\\" && !/[\s'"]/.test(this.text[this.pos + 1] ?? " ")) {
        this.pos++; // the escaped character can neither end the value nor open or close anything
      } else if (inClass) {
        inClass = c !== "]";
      } else if (c === "[") {
        inClass = true;
      } else if (c === "(") {
        depth++;
      } else if (c === ")") {
        if (depth === 0) break;
        depth--;
      }
      this.pos++;
    }
    return this.pos === start ? undefined : { text: this.text.slice(start, this.pos), column, quoted: false };
  }
}

/** Escapes whose meaning differs in Java or that Java alone has: rejected, never misread. */
const JAVA_ONLY_ESCAPES = new Set("AZzGQEvVhHRX");
/** Java's POSIX classes: JavaScript reads some (`\p{Alpha}`) as different Unicode properties. */
const JAVA_POSIX = new Set(["Lower", "Upper", "ASCII", "Alpha", "Digit", "Alnum", "Punct", "Graph", "Print", "Blank", "Cntrl", "XDigit", "Space"]);
/** Characters JavaScript's `u` mode lets a backslash escape outside a character class. */
const JS_ESCAPABLE = new Set("^$\\.*+?()[]{}|/");

/**
 * A Java regular expression (java.util.regex.Pattern) as a RegExp that, like Java's
 * `matches`, must cover the whole value. Compiled in `u` mode, which rejects Java escapes that
 * non-`u` JavaScript would silently read as literals (`\Q`, `\p{javaLowerCase}`); escapes Java
 * allows on any punctuation (`\-`, `\:`) are unescaped because `u` mode refuses them.
 * `column` is where the source starts, so errors point into the regex.
 */
export function compileJavaRegex(source: string, column: number): RegExp {
  const bad = (offset: number, what: string): never => {
    throw new CqlError(column + offset, `invalid regular expression "${source}": ${what} is Java-only syntax`);
  };
  let out = "";
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === "\\" && next !== undefined) {
      if (JAVA_ONLY_ESCAPES.has(next)) bad(i, `"\\${next}"`);
      if ((next === "p" || next === "P") && source[i + 2] === "{") {
        const close = source.indexOf("}", i + 3);
        const name = close < 0 ? "" : source.slice(i + 3, close);
        if (name.startsWith("java") || JAVA_POSIX.has(name)) bad(i, `"\\${next}{${name}}"`);
      }
      const literal = !/[A-Za-z0-9]/.test(next) && !JS_ESCAPABLE.has(next) && !(inClass && next === "-");
      out += literal ? next : c + next;
      i++;
    } else if (inClass) {
      if (c === "[") bad(i, 'a character class inside a character class ("[a-d[m-p]]")');
      if (c === "&" && next === "&") bad(i, 'character class intersection "&&"');
      if (c === "]") inClass = false;
      out += c;
    } else {
      if (c === "[") inClass = true;
      if ("*+?}".includes(c) && next === "+") bad(i, `the possessive quantifier "${c}+"`);
      const flags = c === "(" ? /^\(\?[a-zA-Z-]+[:)]/.exec(source.slice(i)) : null;
      if (flags !== null) bad(i, `the inline flag group "${flags[0]}"`);
      out += c;
    }
  }
  try {
    // Compiled alone first: a source such as ")(a" must not pair with the anchoring wrapper.
    new RegExp(out, "u");
    return new RegExp(`^(?:${out})$`, "u");
  } catch (error) {
    const why = (error as Error).message.replace(/^.*\/u?: /, "");
    throw new CqlError(column, `invalid regular expression "${source}": ${why.charAt(0).toLowerCase()}${why.slice(1)}`);
  }
}
