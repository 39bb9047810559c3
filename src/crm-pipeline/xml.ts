/** Just enough XML for Salesforce metadata files: escaping for writing, and a strict element-tree reader with line numbers. */

/** Escapes text for an XML element body. */
export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** An element: its name (prefix kept), child elements, concatenated text, and the line it starts on. */
export interface XmlElement {
  readonly name: string;
  readonly children: XmlElement[];
  text: string;
  readonly line: number;
}

/** A malformed document: the message and the 1-based line where reading stopped. */
export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string, line: number): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);|&/g, (match, ref: string | undefined) => {
    if (ref === undefined) throw new XmlSyntaxError('a bare "&" (write &amp;)', line);
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    const value = ENTITIES[ref];
    if (value === undefined) throw new XmlSyntaxError(`unknown entity ${match}`, line);
    return value;
  });
}

/**
 * Reads a document into its root element. Handles the prolog, comments, CDATA, attributes (ignored: metadata files
 * carry only the namespace) and self-closing tags; rejects DOCTYPE (no entity expansion, ever) and mismatched tags.
 */
export function parseXml(text: string): XmlElement {
  let pos = 0;
  let line = 1;
  const advance = (to: number): void => {
    for (let i = pos; i < to; i++) if (text.charCodeAt(i) === 10) line++;
    pos = to;
  };
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    const chunk = lt < 0 ? text.slice(pos) : text.slice(pos, lt);
    if (stack.length > 0) stack.at(-1)!.text += decodeEntities(chunk, line);
    else if (chunk.trim() !== '') throw new XmlSyntaxError('text outside the root element', line);
    advance(lt < 0 ? text.length : lt);
    if (lt < 0) break;
    if (text.startsWith('<?', pos)) {
      const end = text.indexOf('?>', pos);
      if (end < 0) throw new XmlSyntaxError('unterminated <?…?>', line);
      advance(end + 2);
    } else if (text.startsWith('<!--', pos)) {
      const end = text.indexOf('-->', pos);
      if (end < 0) throw new XmlSyntaxError('unterminated comment', line);
      advance(end + 3);
    } else if (text.startsWith('<![CDATA[', pos)) {
      const end = text.indexOf(']]>', pos);
      if (end < 0 || stack.length === 0) throw new XmlSyntaxError('unterminated or misplaced CDATA', line);
      stack.at(-1)!.text += text.slice(pos + 9, end);
      advance(end + 3);
    } else if (text.startsWith('<!', pos)) {
      throw new XmlSyntaxError('DOCTYPE and other declarations are not accepted in metadata files', line);
    } else {
      const end = text.indexOf('>', pos);
      if (end < 0) throw new XmlSyntaxError('unterminated tag', line);
      const tag = text.slice(pos + 1, end);
      const startLine = line;
      advance(end + 1);
      if (tag.startsWith('/')) {
        const name = tag.slice(1).trim();
        const open = stack.pop();
        if (!open || open.name !== name) throw new XmlSyntaxError(`</${name}> closes ${open ? `<${open.name}>` : 'nothing'}`, startLine);
        if (stack.length === 0) root = open;
        continue;
      }
      const selfClosing = tag.endsWith('/');
      const name = /^[A-Za-z_][\w.:-]*/.exec(tag)?.[0];
      if (name === undefined) throw new XmlSyntaxError(`malformed tag <${tag}>`, startLine);
      if (stack.length === 0 && root !== undefined) throw new XmlSyntaxError('a second root element', startLine);
      const element: XmlElement = { name, children: [], text: '', line: startLine };
      if (stack.length > 0) stack.at(-1)!.children.push(element);
      if (selfClosing) {
        if (stack.length === 0) root = element;
      } else stack.push(element);
    }
  }
  if (stack.length > 0) throw new XmlSyntaxError(`<${stack.at(-1)!.name}> is never closed`, line);
  if (!root) throw new XmlSyntaxError('no root element', line);
  return root;
}

/** The local name of an element (without a namespace prefix). */
export function localName(element: XmlElement): string {
  return element.name.slice(element.name.indexOf(':') + 1);
}

/** The children named `name` (local name). */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => localName(child) === name);
}

/** The trimmed text of the first child named `name`, or undefined. */
export function childText(element: XmlElement, name: string): string | undefined {
  const child = childrenNamed(element, name)[0];
  return child === undefined ? undefined : child.text.trim();
}
