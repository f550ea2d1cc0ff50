// Where each value of a parsed document sits, shaped like the value itself. Both parse paths
// (the fast subset parser and the `yaml` package) produce it, so positions are computed once.

export interface LineNode {
  /**
   * 1-based rendered line: where a scalar's value starts; for a collection, where its entry is
   * written (the `key:` line of a mapping value, the `- ` line of a sequence item).
   */
  line: number;
  /** Children of a mapping, by the key as it appears in the plain-data body. */
  entries?: Map<string, LineNode>;
  /** Children of a sequence. */
  items?: LineNode[];
}
