/**
 * The scenario editor: the scenario's YAML in a textarea with a line-number
 * gutter, validated as you type (the same parser and checks as `cocasim
 * validate`). Errors are listed with their line; choosing one puts the caret on
 * that line. Load from a file, save the YAML, download results as CSV.
 */

import type { ScenarioError } from "../scenario/parse.ts";
import type { RawScenario } from "../scenario/raw.ts";
import type { LoadResult } from "../scenario/resolve.ts";
import { t } from "./i18n.ts";

/** Parses, validates and resolves a scenario's text (src/scenario/resolve.ts's loadScenario). */
export type Validator = (text: string, file: string) => LoadResult;

export interface EditorCallbacks {
  /** The user asked to run the (valid) scenario. */
  readonly onRun: (text: string, raw: RawScenario) => void;
  readonly onDownloadSummary: () => void;
  readonly onDownloadMonthly: () => void;
}

const VALIDATE_DELAY_MS = 250;

/** Downloads `text` as a file named `name`. */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export class ScenarioEditor {
  readonly textarea: HTMLTextAreaElement;
  private readonly gutter: HTMLElement;
  private readonly status: HTMLElement;
  private readonly callbacks: EditorCallbacks;
  private fileName = "scenario.yaml";
  private timer: ReturnType<typeof setTimeout> | undefined;
  private last: LoadResult | undefined;
  private validator: Validator | undefined;

  constructor(root: HTMLElement, callbacks: EditorCallbacks) {
    this.callbacks = callbacks;
    this.textarea = root.querySelector<HTMLTextAreaElement>("#scenario-text")!;
    this.gutter = root.querySelector<HTMLElement>("#scenario-gutter")!;
    this.status = root.querySelector<HTMLElement>("#editor-status")!;
    this.textarea.addEventListener("input", () => {
      this.renderGutter([]);
      this.schedule();
    });
    this.textarea.addEventListener("scroll", () => {
      this.gutter.scrollTop = this.textarea.scrollTop;
    });
    this.textarea.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this.run();
      }
    });
    root.querySelector("#editor-run")!.addEventListener("click", () => this.run());
    root.querySelector("#editor-save")!.addEventListener("click", () => {
      download(this.saveName(), this.textarea.value, "application/yaml");
    });
    root.querySelector("#editor-csv-summary")!.addEventListener("click", () => callbacks.onDownloadSummary());
    root.querySelector("#editor-csv-monthly")!.addEventListener("click", () => callbacks.onDownloadMonthly());
    const file = root.querySelector<HTMLInputElement>("#editor-file")!;
    root.querySelector("#editor-load")!.addEventListener("click", () => file.click());
    file.addEventListener("change", async () => {
      const chosen = file.files?.[0];
      if (!chosen) return;
      this.fileName = chosen.name;
      this.setText(await chosen.text());
      file.value = "";
      this.run();
    });
  }

  get text(): string {
    return this.textarea.value;
  }

  /** Sets the validator (loaded after the first render) and validates the text. */
  setValidator(validator: Validator): void {
    this.validator = validator;
    this.validate();
  }

  /** Replaces the text (keeping the scroll position) and validates it at once. */
  setText(text: string): LoadResult | undefined {
    const scroll = this.textarea.scrollTop;
    this.textarea.value = text;
    this.textarea.scrollTop = scroll;
    return this.validate();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.validate(), VALIDATE_DELAY_MS);
  }

  /** Validates the text now and shows the outcome (undefined until the validator has loaded). */
  validate(): LoadResult | undefined {
    clearTimeout(this.timer);
    if (!this.validator) return undefined;
    this.last = this.validator(this.textarea.value, this.fileName);
    this.render();
    return this.last;
  }

  /** Shows errors that came from elsewhere (the worker). */
  showErrors(errors: readonly ScenarioError[]): void {
    this.last = { ok: false, errors: [...errors] };
    this.render();
  }

  private run(): void {
    const result = this.validate();
    if (!result) return;
    if (result.ok) this.callbacks.onRun(this.textarea.value, result.raw);
    else this.status.querySelector<HTMLButtonElement>("button")?.focus();
  }

  private saveName(): string {
    const result = this.last;
    const name = result?.ok ? result.scenario.name : this.fileName.replace(/\.(ya?ml|json)$/i, "");
    return `${name.replace(/[^\w.-]+/g, "_") || "scenario"}.yaml`;
  }

  /** Re-renders the messages (after a language change). */
  render(): void {
    const result = this.last;
    this.status.replaceChildren();
    if (!result) return;
    if (result.ok) {
      this.renderGutter([]);
      const p = document.createElement("p");
      p.className = "valid";
      p.textContent = t("editor.valid");
      this.status.appendChild(p);
      this.textarea.removeAttribute("aria-invalid");
      return;
    }
    this.textarea.setAttribute("aria-invalid", "true");
    this.renderGutter(result.errors);
    const p = document.createElement("p");
    p.className = "invalid";
    p.textContent = t("editor.errors", { count: result.errors.length });
    const list = document.createElement("ul");
    list.className = "error-list";
    for (const error of result.errors) {
      const li = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "link";
      button.dataset.line = String(error.line);
      const where =
        error.line > 0 ? t("editor.line", { line: error.line, column: error.column }) : t("editor.noLine");
      button.textContent = `${where}: ${error.path ? `${error.path}: ` : ""}${error.message}`;
      button.addEventListener("click", () => this.goTo(error.line, error.column));
      li.appendChild(button);
      list.appendChild(li);
    }
    this.status.append(p, list);
  }

  private renderGutter(errors: readonly ScenarioError[]): void {
    const lines = this.textarea.value.split("\n").length;
    const bad = new Set(errors.map((e) => e.line));
    const fragment = document.createDocumentFragment();
    for (let i = 1; i <= lines; i++) {
      const span = document.createElement("span");
      span.textContent = `${bad.has(i) ? "!" : ""}${i}`;
      if (bad.has(i)) {
        span.className = "error-line";
        span.title = errors
          .filter((e) => e.line === i)
          .map((e) => e.message)
          .join("\n");
        span.addEventListener("click", () => this.goTo(i, 1));
      }
      fragment.appendChild(span);
    }
    this.gutter.replaceChildren(fragment);
    this.gutter.scrollTop = this.textarea.scrollTop;
  }

  /** Focuses the textarea with the given line selected (caret at `column`). */
  goTo(line: number, column = 1): void {
    const text = this.textarea.value;
    const lines = text.split("\n");
    if (line < 1 || line > lines.length) {
      this.textarea.focus();
      return;
    }
    let start = 0;
    for (let i = 0; i < line - 1; i++) start += lines[i].length + 1;
    const end = start + lines[line - 1].length;
    this.textarea.focus();
    this.textarea.setSelectionRange(Math.min(end, start + Math.max(0, column - 1)), end);
    const lineHeight = Number.parseFloat(getComputedStyle(this.textarea).lineHeight) || 18;
    this.textarea.scrollTop = Math.max(0, (line - 3) * lineHeight);
  }
}
