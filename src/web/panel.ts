/**
 * The policy panel: one group of controls per policy kind (intensity slider
 * 0–5, zones, from/to month). Reports every change with the whole panel model;
 * the page debounces and re-runs.
 */
import { ZONE_NAMES } from "../model/zones/zones.ts";
import { POLICY_KINDS, type PolicyKind } from "../scenario/types.ts";
import { formatNumber, kindLabel, t } from "./i18n.ts";
import {
  DEFAULT_INTENSITY,
  defaultPanel,
  INTENSITY_MAX,
  INTENSITY_MIN,
  INTENSITY_STEP,
  isActive,
  type PanelModel,
  type PanelPolicy,
  roundIntensity,
} from "./panel-model.ts";

const FIRST_MONTH = "2018-01";
const LAST_MONTH = "2030-12";

interface GroupElements {
  readonly fieldset: HTMLFieldSetElement;
  readonly legend: HTMLElement;
  readonly badge: HTMLElement;
  readonly intensity: HTMLInputElement;
  readonly output: HTMLOutputElement;
  readonly zones: HTMLSelectElement;
  readonly from: HTMLInputElement;
  readonly to: HTMLInputElement;
  readonly labels: {
    intensity: HTMLElement;
    zones: HTMLElement;
    from: HTMLElement;
    to: HTMLElement;
    more: HTMLElement;
  };
}

function element<K extends keyof HTMLElementTagNameMap>(
  name: K,
  attributes: Record<string, string> = {},
  parent?: Element,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) e.setAttribute(key, value);
  parent?.appendChild(e);
  return e;
}

export class PolicyPanel {
  private model: PanelModel = defaultPanel();
  private readonly groups = new Map<PolicyKind, GroupElements>();
  private readonly reset: HTMLButtonElement;
  private readonly onChange: (model: PanelModel) => void;

  constructor(container: HTMLElement, onChange: (model: PanelModel) => void) {
    this.onChange = onChange;
    const list = element("div", { class: "policy-groups" }, container);
    for (const kind of POLICY_KINDS) this.groups.set(kind, this.group(list, kind));
    this.reset = element("button", { type: "button", class: "secondary", id: "policy-reset" }, container);
    this.reset.addEventListener("click", () => {
      this.set(defaultPanel());
      this.onChange(this.model);
    });
    this.retranslate();
    this.set(this.model);
  }

  private group(parent: Element, kind: PolicyKind): GroupElements {
    const fieldset = element("fieldset", { class: "policy-group", "data-kind": kind }, parent);
    const legend = element("legend", {}, fieldset);
    const legendText = element("span", {}, legend);
    const badge = element("span", { class: "badge" }, legend);
    const row = element("div", { class: "intensity-row" }, fieldset);
    const intensityLabel = element("label", { for: `intensity-${kind}` }, row);
    const intensity = element(
      "input",
      {
        type: "range",
        id: `intensity-${kind}`,
        min: String(INTENSITY_MIN),
        max: String(INTENSITY_MAX),
        step: String(INTENSITY_STEP),
        "data-kind": kind,
      },
      row,
    );
    const output = element("output", { for: `intensity-${kind}`, id: `intensity-${kind}-value` }, row);
    const details = element("details", {}, fieldset);
    const more = element("summary", {}, details);
    const zonesLabel = element("label", { for: `zones-${kind}` }, details);
    const zones = element("select", { id: `zones-${kind}`, multiple: "", size: "5" }, details);
    for (const name of ZONE_NAMES) {
      const option = element("option", { value: name }, zones);
      option.textContent = name;
    }
    const period = element("div", { class: "period-row" }, details);
    const fromLabel = element("label", { for: `from-${kind}` }, period);
    const from = element(
      "input",
      { type: "month", id: `from-${kind}`, min: FIRST_MONTH, max: LAST_MONTH },
      period,
    );
    const toLabel = element("label", { for: `to-${kind}` }, period);
    const to = element(
      "input",
      { type: "month", id: `to-${kind}`, min: FIRST_MONTH, max: LAST_MONTH },
      period,
    );

    intensity.addEventListener("input", () => {
      this.update(kind, { intensity: roundIntensity(Number(intensity.value)) });
    });
    zones.addEventListener("change", () => {
      this.update(kind, { zones: [...zones.selectedOptions].map((o) => o.value) });
    });
    from.addEventListener("change", () => {
      if (/^\d{4}-\d{2}$/.test(from.value)) this.update(kind, { from: from.value });
    });
    to.addEventListener("change", () => {
      if (to.value === "" || /^\d{4}-\d{2}$/.test(to.value)) this.update(kind, { to: to.value });
    });
    return {
      fieldset,
      legend: legendText,
      badge,
      intensity,
      output,
      zones,
      from,
      to,
      labels: { intensity: intensityLabel, zones: zonesLabel, from: fromLabel, to: toLabel, more },
    };
  }

  private update(kind: PolicyKind, change: Partial<PanelPolicy>): void {
    const policies = { ...this.model.policies, [kind]: { ...this.model.policies[kind], ...change } };
    this.model = { ...this.model, policies };
    this.show(kind);
    this.onChange(this.model);
  }

  /** Shows `model` in the controls without reporting a change. */
  set(model: PanelModel): void {
    this.model = model;
    for (const kind of POLICY_KINDS) this.show(kind);
  }

  get value(): PanelModel {
    return this.model;
  }

  private show(kind: PolicyKind): void {
    const g = this.groups.get(kind)!;
    const p = this.model.policies[kind];
    if (document.activeElement !== g.intensity || Number(g.intensity.value) !== p.intensity) {
      g.intensity.value = String(p.intensity);
    }
    g.output.textContent = `×${formatNumber(p.intensity, 1)}`;
    g.intensity.setAttribute("aria-valuetext", `×${formatNumber(p.intensity, 1)}`);
    const selected = new Set(p.zones);
    for (const option of g.zones.options) option.selected = selected.has(option.value);
    g.from.value = p.from;
    g.to.value = p.to;
    const active = isActive(kind, p);
    g.fieldset.classList.toggle("active", active);
    g.badge.textContent = active ? t("policy.active") : "";
    g.badge.hidden = !active;
  }

  retranslate(): void {
    for (const [kind, g] of this.groups) {
      g.legend.textContent = `${kindLabel(kind)} `;
      g.labels.intensity.textContent = t("policy.intensity");
      g.labels.zones.textContent = t("policy.zones");
      g.labels.from.textContent = t("policy.from");
      g.labels.to.textContent = t("policy.to");
      g.labels.more.textContent = t("policy.where");
      g.intensity.setAttribute("aria-describedby", `intensity-${kind}-value`);
      g.intensity.dataset.default = String(DEFAULT_INTENSITY[kind]);
      this.show(kind);
    }
    this.reset.textContent = t("policy.reset");
  }
}
