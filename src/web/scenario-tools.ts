/**
 * The scenario layer's parser and validator and the YAML library, which the
 * page loads after its first render (they are a large part of its code): the
 * editor's validation and the policy panel's rewriting of the YAML.
 */
import { isMap, parseDocument, YAMLMap, type YAMLSeq } from "yaml";
import { loadScenario } from "../scenario/resolve.ts";
import { DEFAULT_SCENARIO_YAML, type PanelModel, panelPolicies } from "./panel-model.ts";

export { loadScenario };

/**
 * `text` with its `policies` list replaced by the panel's. Keeps the other
 * fields and comments; an empty text starts from DEFAULT_SCENARIO_YAML.
 * Undefined when `text` is not a YAML mapping (a syntax error): the user's text
 * is never thrown away.
 */
export function applyPanel(text: string, model: PanelModel): string | undefined {
  const doc = parseDocument(text.trim() === "" ? DEFAULT_SCENARIO_YAML : text);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const list = doc.createNode(panelPolicies(model)) as YAMLSeq;
  list.flow = list.items.length === 0;
  for (const item of list.items) {
    if (!(item instanceof YAMLMap)) continue;
    const where = item.get("where", true);
    if (where instanceof YAMLMap) where.flow = true;
  }
  doc.set("policies", list);
  return doc.toString({ lineWidth: 0 });
}
