// Just enough markdown reading for the docs tests: headings and fenced code blocks, each with the
// section it sits in. Fences inside fences do not occur in our docs; a ```` fence is not supported.

export interface Heading {
  readonly depth: number;
  readonly text: string;
  /** 1-based line. */
  readonly line: number;
}

export interface CodeBlock {
  /** The word after the fence: ts, tsx, js, sh… */
  readonly lang: string;
  /** Bare words after the language (`before`, `after`). */
  readonly flags: readonly string[];
  /** `key='value'` attributes after the language (`option='{"max": 5}'`). */
  readonly attributes: Readonly<Record<string, string>>;
  readonly code: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The nearest ## heading above the block, and the nearest ### below that one (if any). */
  readonly section: string | undefined;
  readonly subsection: string | undefined;
}

export interface MarkdownOutline {
  readonly headings: readonly Heading[];
  readonly blocks: readonly CodeBlock[];
}

const FENCE = /^```(.*)$/;
const HEADING = /^(#{1,6})\s+(.+?)\s*$/;

function parseInfo(info: string): Pick<CodeBlock, 'lang' | 'flags' | 'attributes'> {
  const [lang = '', ...rest] = info.trim().match(/[\w-]+='[^']*'|[\w-]+="[^"]*"|\S+/g) ?? [];
  const flags: string[] = [];
  const attributes: Record<string, string> = {};
  for (const part of rest) {
    const attribute = /^([\w-]+)=(['"])(.*)\2$/.exec(part);
    if (attribute) attributes[attribute[1]!] = attribute[3]!;
    else flags.push(part);
  }
  return { lang, flags, attributes };
}

export function outline(markdown: string): MarkdownOutline {
  const lines = markdown.split(/\r?\n/);
  const headings: Heading[] = [];
  const blocks: CodeBlock[] = [];
  let section: string | undefined;
  let subsection: string | undefined;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const fence = FENCE.exec(line);
    if (fence) {
      const start = index;
      const body: string[] = [];
      for (index++; index < lines.length && lines[index] !== '```'; index++) body.push(lines[index]!);
      if (index >= lines.length) throw new Error(`line ${start + 1}: code block is never closed`);
      blocks.push({ ...parseInfo(fence[1]!), code: `${body.join('\n')}\n`, line: start + 1, section, subsection });
      continue;
    }
    const heading = HEADING.exec(line);
    if (!heading) continue;
    const depth = heading[1]!.length;
    const text = heading[2]!;
    headings.push({ depth, text, line: index + 1 });
    if (depth <= 2) {
      section = text;
      subsection = undefined;
    } else if (depth === 3) {
      subsection = text;
    }
  }
  return { headings, blocks };
}

/** The text of the ## headings, in order. */
export function sectionTitles(doc: MarkdownOutline): string[] {
  return doc.headings.filter((heading) => heading.depth === 2).map((heading) => heading.text);
}

/** The ### headings inside the ## section called `section`. */
export function subsectionTitles(doc: MarkdownOutline, section: string): string[] {
  const titles: string[] = [];
  let inside = false;
  for (const heading of doc.headings) {
    if (heading.depth <= 2) inside = heading.text === section;
    else if (inside && heading.depth === 3) titles.push(heading.text);
  }
  return titles;
}

/** The prose between the end of the generated header (or the title) and the first ## heading. */
export function introduction(markdown: string, headerEnd: string): string {
  const start = markdown.includes(headerEnd) ? markdown.indexOf(headerEnd) + headerEnd.length : markdown.indexOf('\n');
  const rest = markdown.slice(start);
  const firstSection = rest.search(/^## /m);
  return (firstSection === -1 ? rest : rest.slice(0, firstSection)).trim();
}
