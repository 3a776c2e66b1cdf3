import { XMLBuilder } from "fast-xml-parser";

type Attributes = Record<string, string | number | undefined>;

/**
 * An element being written, in the order-preserving form fast-xml-parser builds from: children
 * keep the order they were added in, as the ODM and Define-XML schemas demand. Attributes left
 * undefined are not written.
 *
 * @example
 * const odm = new XmlElement("ODM", { FileType: "Snapshot" });
 * odm.ele("Study", { OID: "ST.CICLO" }).ele("GlobalVariables");
 * xmlText(odm); // => '<?xml version="1.0" encoding="UTF-8"?>\n<ODM FileType="Snapshot">…'
 */
export class XmlElement {
  readonly node: Record<string, unknown>;
  private readonly children: unknown[] = [];

  constructor(name: string, attributes: Attributes = {}) {
    const written: Record<string, string> = {};
    for (const [key, value] of Object.entries(attributes))
      if (value !== undefined) written[`@_${key}`] = String(value);
    this.node = { [name]: this.children, ":@": written };
  }

  /** Adds a child element and returns it. */
  ele(name: string, attributes: Attributes = {}): XmlElement {
    const child = new XmlElement(name, attributes);
    this.children.push(child.node);
    return child;
  }

  /** Adds text content and returns this element. */
  txt(text: string): this {
    this.children.push({ "#text": text });
    return this;
  }
}

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  suppressEmptyNode: true,
  processEntities: true,
  format: true,
  indentBy: " ",
});

/** The document of `root`, with its XML declaration, entities escaped, one element a line. */
export function xmlText(root: XmlElement): string {
  const declaration = { "?xml": [], ":@": { "@_version": "1.0", "@_encoding": "UTF-8" } };
  return builder.build([declaration, root.node]);
}
