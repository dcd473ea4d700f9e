/** The small comparison table: policy against baseline in the last year and over the run. */
import { type Comparison, compareRuns, percentChange, type Run } from "./data.ts";
import { formatNumber, type MessageKey, t } from "./i18n.ts";

const ROW_LABELS: Readonly<Record<Comparison["rows"][number]["indicator"], MessageKey>> = {
  hectares: "compare.hectares",
  exports: "compare.exports",
  seizures: "compare.seizures",
  arrests: "compare.arrests",
  spending: "compare.spending",
};

function cell(tag: "td" | "th", text: string, attributes: Record<string, string> = {}): HTMLElement {
  const e = document.createElement(tag);
  e.textContent = text;
  for (const [key, value] of Object.entries(attributes)) e.setAttribute(key, value);
  return e;
}

function digitsFor(value: number): number {
  return Math.abs(value) < 100 ? 1 : 0;
}

function signed(value: number, digits: number, suffix = ""): string {
  const sign = value > 0 ? "+" : value < 0 ? "−" : "±";
  return `${sign}${formatNumber(Math.abs(value), digits)}${suffix}`;
}

/** The change cell: the difference, and under it the change in percent. */
function changeCell(baseline: number, policy: number): HTMLElement {
  const delta = policy - baseline;
  const td = cell("td", "", { class: delta > 0 ? "up" : delta < 0 ? "down" : "same" });
  const abs = document.createElement("span");
  abs.textContent = signed(delta, digitsFor(delta));
  td.appendChild(abs);
  const pct = percentChange(baseline, policy);
  if (pct !== undefined) {
    const rel = document.createElement("span");
    rel.className = "pct";
    rel.textContent = signed(pct, 1, " %");
    td.appendChild(rel);
  }
  return td;
}

/** Renders the table into `container`, or a hint when there is no policy run. */
export function renderComparison(
  container: HTMLElement,
  baseline: Run | undefined,
  policy: Run | undefined,
): void {
  const comparison = baseline && policy ? compareRuns(baseline, policy) : undefined;
  if (!comparison) {
    const p = document.createElement("p");
    p.className = "note";
    p.id = "compare-none";
    p.textContent = t("compare.none");
    container.replaceChildren(p);
    return;
  }
  const table = document.createElement("table");
  table.id = "comparison-table";
  table.className = "comparison";
  const head = table.createTHead();
  const groups = head.insertRow();
  groups.append(
    cell("th", t("compare.indicator"), { rowspan: "2", scope: "col" }),
    cell("th", t("compare.lastYear", { year: comparison.lastYear }), { colspan: "3", scope: "colgroup" }),
    cell("th", t("compare.cumulative", { from: comparison.firstYear, to: comparison.lastYear }), {
      colspan: "3",
      scope: "colgroup",
    }),
  );
  const columns = head.insertRow();
  for (let i = 0; i < 2; i++) {
    columns.append(
      cell("th", t("compare.baseline"), { scope: "col" }),
      cell("th", t("compare.policy"), { scope: "col" }),
      cell("th", t("compare.change"), { scope: "col" }),
    );
  }
  const body = table.createTBody();
  for (const row of comparison.rows) {
    const tr = body.insertRow();
    tr.dataset.indicator = row.indicator;
    tr.append(cell("th", t(ROW_LABELS[row.indicator]), { scope: "row" }));
    for (const part of [row.lastYear, row.cumulative]) {
      tr.append(
        cell("td", formatNumber(part.baseline, digitsFor(part.baseline))),
        cell("td", formatNumber(part.policy, digitsFor(part.policy))),
        changeCell(part.baseline, part.policy),
      );
    }
  }
  const note = document.createElement("p");
  note.className = "note";
  note.textContent = t("compare.note");
  const wrap = document.createElement("div");
  wrap.className = "table-wrap";
  wrap.appendChild(table);
  container.replaceChildren(wrap, note);
}
