/** The start node every flowchart draws. */
export const START_NODE = '__start';
/** The end node every flowchart draws. */
export const END_NODE = '__end';

/** Words Mermaid's flowchart grammar reserves: a node id must not be one of them. */
const RESERVED = new Set(['end', 'graph', 'subgraph', 'flowchart', 'direction', 'style', 'class']);

/**
 * Mermaid node ids for names (step or state names): letters, digits and `_` only, unique, and
 * never a keyword. A name keeps its id however often it is asked for.
 */
export class MermaidIds {
  private readonly ids = new Map<string, string>();
  private readonly used = new Set<string>([START_NODE, END_NODE]);

  /** The id of a name, made on first use. */
  of(name: string): string {
    const known = this.ids.get(name);
    if (known) return known;
    let base = name.replace(/[^A-Za-z0-9_]/g, '_');
    if (base === '' || RESERVED.has(base.toLowerCase())) base = `${base}_`;
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}_${n}`;
    this.ids.set(name, id);
    this.used.add(id);
    return id;
  }
}

/**
 * Text for a quoted Mermaid label: `"` and the characters Mermaid would read as markup become
 * entity codes; `<br/>` line breaks are kept.
 */
export function escapeLabel(text: string): string {
  return text
    .replace(/"/g, '#quot;')
    .replace(/<(?!br\/>)/g, '#lt;')
    .replace(/(?<!<br\/)>/g, '#gt;');
}
