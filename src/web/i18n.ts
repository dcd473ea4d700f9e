/**
 * Every string the page shows, one dictionary per language. `{name}` marks a
 * value filled in by `t(key, { name })`. Zone and place names are proper nouns
 * and stay as the model spells them; scenario validation messages come from the
 * scenario layer in English.
 */
import type { PolicyKind, TransportMode } from "../scenario/types.ts";

export const LANGUAGES = ["en", "es"] as const;
export type Language = (typeof LANGUAGES)[number];

const EN = {
  "app.title": "cocasim: Peru's coca-to-cocaine system",
  "app.subtitle":
    "An agent-based simulation of coca growing, processing and trafficking in Peru, 2018–2030. The model runs in your browser; move a policy control to test it against the status quo.",
  "app.skip": "Skip to the policy panel",
  "lang.label": "Language",
  "lang.en": "English",
  "lang.es": "Español",

  "status.loading": "Running the peru baseline in your browser…",
  "status.running": "Running the policy scenario… {pct}%",
  "status.runningBaseline": "Running the peru baseline… {pct}%",
  "status.ready": "Baseline ready ({ms} ms).",
  "status.policyReady": "Policy run ready ({ms} ms).",
  "status.sameAsBaseline": "The scenario is the same as the baseline: nothing to compare.",
  "status.invalid": "The scenario has errors: see the scenario editor.",
  "status.failed": "The run failed: {message}",

  "map.title": "Map",
  "map.aria": "Map of Peru's departments, the coca growing zones and the trafficking routes",
  "map.month": "Month",
  "map.play": "Play",
  "map.pause": "Pause",
  "map.show": "Map shows",
  "map.zones": "Growing zones",
  "map.routes": "Routes",
  "map.departments": "Departments",
  "map.keys": "Tab to the zones or routes, then use the arrow keys to move between them.",
  "map.pacific": "Pacific Ocean",
  "country.EC": "Ecuador",
  "country.CO": "Colombia",
  "country.BR": "Brazil",
  "country.BO": "Bolivia",
  "country.CL": "Chile",
  "country.PE": "Peru",

  "run.baseline": "Baseline (peru)",
  "run.policy": "Policy run",

  "legend.title": "Legend",
  "legend.zone": "Growing zone: area ∝ coca hectares",
  "legend.baselineRing": "Baseline hectares (dashed ring)",
  "legend.route": "Route carrying cocaine: width ∝ kg this month",
  "legend.unused": "Route not used this month",
  "legend.seizure": "Seizure: size ∝ kg this month",
  "legend.eradication": "Eradication: size ∝ hectares this month",
  "legend.place": "Town, port, border crossing or exit",
  "legend.modes": "Routes by mode",
  credit: "Place coordinates: GeoNames (CC BY 4.0); boundaries: Natural Earth",

  "mode.road": "road",
  "mode.river": "river",
  "mode.air": "air",
  "mode.foot": "foot",
  "mode.lake": "lake",
  "mode.sea": "sea",

  "tip.hectares": "Coca: {value} ha",
  "tip.baselineHectares": "Baseline: {value} ha",
  "tip.eradicated": "Eradicated this month: {value} ha",
  "tip.produced": "Cocaine produced: {value} kg",
  "tip.labSeized": "Seized at labs: {value} kg",
  "tip.leafPrice": "Leaf price: USD {value}/kg",
  "tip.flow": "Carried: {value} kg",
  "tip.baselineFlow": "Baseline: {value} kg",
  "tip.seized": "Seized: {value} kg",
  "tip.department": "Department",
  "tip.noData": "Waiting for the run…",

  "charts.title": "Charts",
  "chart.hectares": "Coca hectares against DEVIDA's record",
  "chart.hectares.note":
    "Lines: the model (standing coca on 31 December, productive and young); dots: DEVIDA's record, which counts coca in production only.",
  "chart.hectares.zone": "Zone",
  "chart.hectares.all": "Peru (all zones)",
  "bands.show": "Show uncertainty ({runs} runs)",
  "bands.running": "Running {runs} runs for the uncertainty band… {pct}%",
  "bands.ready": "Uncertainty band ready ({s} s).",
  "bands.key.posterior":
    "Band: 90% of {runs} runs, each drawing the calibrated parameters from the calibration's posterior (filled: baseline; dotted outline: policy).",
  "bands.key.seed":
    "Band: 90% of {runs} runs that differ only in their seed (the scenario does not start with the calibration), so it leaves out the parameters' uncertainty.",
  "chart.exports": "Cocaine exported by mode (t/year)",
  "chart.seizures": "Cocaine seized (t/year)",
  "chart.prices": "Prices along the chain (USD/kg, log scale)",
  "chart.arrests": "Arrests (people/year)",
  "chart.spending": "State spending (USD million/year)",
  "chart.diff": "Policy − baseline",
  "chart.year": "Year",
  "chart.waiting": "Waiting for the baseline run…",
  "series.baseline": "baseline",
  "series.policy": "policy",
  "series.record": "DEVIDA",
  "series.model": "model",
  "series.leaf": "coca leaf",
  "series.base": "base paste",
  "series.hcl": "cocaine HCl",
  "series.labs": "labs",
  "series.total": "total",
  "series.enforcement": "enforcement",
  "series.ad": "alternative development",
  "series.arrests": "arrests",

  "policy.title": "Policy panel",
  "policy.intro":
    "Each group moves one of the state's levers against the status quo. Intensity 1 is the status quo (×2 doubles it, 0 switches it off); for the military offensive 0 is none and 1 is one standard offensive. A change re-runs the scenario in your browser.",
  "policy.intensity": "Intensity",
  "policy.zones": "Zones (none selected: where the lever usually applies)",
  "policy.from": "From",
  "policy.to": "To (empty: to the end)",
  "policy.reset": "Reset all controls",
  "policy.where": "Where and when",
  "policy.active": "changed",

  "kind.eradication": "Eradication",
  "kind.checkpoints": "Road checkpoints",
  "kind.port-controls": "Port controls",
  "kind.river-patrols": "River patrols",
  "kind.air-interdiction": "Air interdiction",
  "kind.lab-raids": "Lab raids",
  "kind.military-offensive": "Military offensive",
  "kind.alternative-development": "Alternative development",

  "compare.title": "Policy against baseline",
  "compare.none":
    "Move a control or run a scenario from the editor: its results appear here beside the baseline.",
  "compare.indicator": "Indicator",
  "compare.baseline": "Baseline",
  "compare.policy": "Policy",
  "compare.change": "Change",
  "compare.lastYear": "Last year ({year})",
  "compare.cumulative": "Cumulative {from}–{to}",
  "compare.hectares": "Coca hectares",
  "compare.exports": "Cocaine exported (t)",
  "compare.seizures": "Cocaine seized (t)",
  "compare.arrests": "Arrests",
  "compare.spending": "State spending (USD M)",
  "compare.note":
    "Hectares: on 31 December of the last year; the cumulative figure sums the year-end areas (hectare-years).",

  "editor.title": "Scenario editor",
  "editor.label": "Scenario (YAML)",
  "editor.hint":
    "The policy panel rewrites the policies list. Ctrl+Enter runs the scenario; the error list links to each line.",
  "editor.run": "Run scenario",
  "editor.load": "Load file…",
  "editor.save": "Save YAML",
  "editor.csvSummary": "Results by year (CSV)",
  "editor.csvMonthly": "Monthly results (CSV)",
  "editor.valid": "The scenario is valid.",
  "editor.errors": "Errors in the scenario ({count}):",
  "editor.line": "Line {line}, column {column}",
  "editor.noLine": "Whole scenario",
  "editor.gutter": "Line numbers; lines with errors are marked",
} as const;

export type MessageKey = keyof typeof EN;

const ES: Record<MessageKey, string> = {
  "app.title": "cocasim: el sistema coca–cocaína del Perú",
  "app.subtitle":
    "Una simulación basada en agentes del cultivo de coca, su procesamiento y el tráfico en el Perú, 2018–2030. El modelo corre en su navegador; mueva un control de política para compararla con el statu quo.",
  "app.skip": "Ir al panel de políticas",
  "lang.label": "Idioma",
  "lang.en": "English",
  "lang.es": "Español",

  "status.loading": "Ejecutando la línea base peru en su navegador…",
  "status.running": "Ejecutando el escenario de política… {pct} %",
  "status.runningBaseline": "Ejecutando la línea base peru… {pct} %",
  "status.ready": "Línea base lista ({ms} ms).",
  "status.policyReady": "Escenario de política listo ({ms} ms).",
  "status.sameAsBaseline": "El escenario es igual a la línea base: no hay nada que comparar.",
  "status.invalid": "El escenario tiene errores: vea el editor de escenarios.",
  "status.failed": "La ejecución falló: {message}",

  "map.title": "Mapa",
  "map.aria": "Mapa de los departamentos del Perú, las zonas cocaleras y las rutas del tráfico",
  "map.month": "Mes",
  "map.play": "Reproducir",
  "map.pause": "Pausa",
  "map.show": "El mapa muestra",
  "map.zones": "Zonas cocaleras",
  "map.routes": "Rutas",
  "map.departments": "Departamentos",
  "map.keys": "Use Tab para llegar a las zonas o rutas y las flechas para pasar de una a otra.",
  "map.pacific": "Océano Pacífico",
  "country.EC": "Ecuador",
  "country.CO": "Colombia",
  "country.BR": "Brasil",
  "country.BO": "Bolivia",
  "country.CL": "Chile",
  "country.PE": "Perú",

  "run.baseline": "Línea base (peru)",
  "run.policy": "Escenario de política",

  "legend.title": "Leyenda",
  "legend.zone": "Zona cocalera: área ∝ hectáreas de coca",
  "legend.baselineRing": "Hectáreas de la línea base (anillo discontinuo)",
  "legend.route": "Ruta con cocaína: ancho ∝ kg en el mes",
  "legend.unused": "Ruta sin uso en el mes",
  "legend.seizure": "Decomiso: tamaño ∝ kg en el mes",
  "legend.eradication": "Erradicación: tamaño ∝ hectáreas en el mes",
  "legend.place": "Ciudad, puerto, paso de frontera o salida",
  "legend.modes": "Rutas por modo",
  credit: "Coordenadas de lugares: GeoNames (CC BY 4.0); límites: Natural Earth",

  "mode.road": "carretera",
  "mode.river": "río",
  "mode.air": "aire",
  "mode.foot": "a pie",
  "mode.lake": "lago",
  "mode.sea": "mar",

  "tip.hectares": "Coca: {value} ha",
  "tip.baselineHectares": "Línea base: {value} ha",
  "tip.eradicated": "Erradicado en el mes: {value} ha",
  "tip.produced": "Cocaína producida: {value} kg",
  "tip.labSeized": "Decomisado en laboratorios: {value} kg",
  "tip.leafPrice": "Precio de la hoja: USD {value}/kg",
  "tip.flow": "Transportado: {value} kg",
  "tip.baselineFlow": "Línea base: {value} kg",
  "tip.seized": "Decomisado: {value} kg",
  "tip.department": "Departamento",
  "tip.noData": "Esperando la ejecución…",

  "charts.title": "Gráficos",
  "chart.hectares": "Hectáreas de coca frente al registro de DEVIDA",
  "chart.hectares.note":
    "Líneas: el modelo (coca en pie al 31 de diciembre, productiva y joven); puntos: el registro de DEVIDA, que cuenta solo la coca en producción.",
  "chart.hectares.zone": "Zona",
  "chart.hectares.all": "Perú (todas las zonas)",
  "bands.show": "Mostrar la incertidumbre ({runs} corridas)",
  "bands.running": "Ejecutando {runs} corridas para la banda de incertidumbre… {pct} %",
  "bands.ready": "Banda de incertidumbre lista ({s} s).",
  "bands.key.posterior":
    "Banda: 90 % de {runs} corridas, cada una con los parámetros calibrados sorteados de la posterior de la calibración (relleno: línea base; contorno punteado: política).",
  "bands.key.seed":
    "Banda: 90 % de {runs} corridas que solo difieren en la semilla (el escenario no empieza con la calibración), así que no incluye la incertidumbre de los parámetros.",
  "chart.exports": "Cocaína exportada por modo (t/año)",
  "chart.seizures": "Cocaína decomisada (t/año)",
  "chart.prices": "Precios a lo largo de la cadena (USD/kg, escala logarítmica)",
  "chart.arrests": "Detenciones (personas/año)",
  "chart.spending": "Gasto del Estado (millones de USD/año)",
  "chart.diff": "Política − línea base",
  "chart.year": "Año",
  "chart.waiting": "Esperando la línea base…",
  "series.baseline": "línea base",
  "series.policy": "política",
  "series.record": "DEVIDA",
  "series.model": "modelo",
  "series.leaf": "hoja de coca",
  "series.base": "pasta básica",
  "series.hcl": "clorhidrato de cocaína",
  "series.labs": "laboratorios",
  "series.total": "total",
  "series.enforcement": "control",
  "series.ad": "desarrollo alternativo",
  "series.arrests": "detenciones",

  "policy.title": "Panel de políticas",
  "policy.intro":
    "Cada grupo mueve una de las palancas del Estado frente al statu quo. La intensidad 1 es el statu quo (×2 la duplica, 0 la apaga); en la ofensiva militar 0 es ninguna y 1 es una ofensiva estándar. Cada cambio vuelve a ejecutar el escenario en su navegador.",
  "policy.intensity": "Intensidad",
  "policy.zones": "Zonas (sin selección: donde la palanca suele aplicarse)",
  "policy.from": "Desde",
  "policy.to": "Hasta (vacío: hasta el final)",
  "policy.reset": "Restablecer todos los controles",
  "policy.where": "Dónde y cuándo",
  "policy.active": "modificado",

  "kind.eradication": "Erradicación",
  "kind.checkpoints": "Controles en carreteras",
  "kind.port-controls": "Control portuario",
  "kind.river-patrols": "Patrullaje fluvial",
  "kind.air-interdiction": "Interdicción aérea",
  "kind.lab-raids": "Destrucción de laboratorios",
  "kind.military-offensive": "Ofensiva militar",
  "kind.alternative-development": "Desarrollo alternativo",

  "compare.title": "Política frente a la línea base",
  "compare.none":
    "Mueva un control o ejecute un escenario desde el editor: sus resultados aparecen aquí junto a la línea base.",
  "compare.indicator": "Indicador",
  "compare.baseline": "Línea base",
  "compare.policy": "Política",
  "compare.change": "Cambio",
  "compare.lastYear": "Último año ({year})",
  "compare.cumulative": "Acumulado {from}–{to}",
  "compare.hectares": "Hectáreas de coca",
  "compare.exports": "Cocaína exportada (t)",
  "compare.seizures": "Cocaína decomisada (t)",
  "compare.arrests": "Detenciones",
  "compare.spending": "Gasto del Estado (millones de USD)",
  "compare.note":
    "Hectáreas: al 31 de diciembre del último año; el acumulado suma las áreas de fin de año (hectárea-años).",

  "editor.title": "Editor de escenarios",
  "editor.label": "Escenario (YAML)",
  "editor.hint":
    "El panel de políticas reescribe la lista de políticas. Ctrl+Enter ejecuta el escenario; la lista de errores enlaza con cada línea.",
  "editor.run": "Ejecutar escenario",
  "editor.load": "Cargar archivo…",
  "editor.save": "Guardar YAML",
  "editor.csvSummary": "Resultados por año (CSV)",
  "editor.csvMonthly": "Resultados mensuales (CSV)",
  "editor.valid": "El escenario es válido.",
  "editor.errors": "Errores en el escenario ({count}):",
  "editor.line": "Línea {line}, columna {column}",
  "editor.noLine": "Todo el escenario",
  "editor.gutter": "Números de línea; las líneas con errores están marcadas",
};

const DICTIONARIES: Record<Language, Record<MessageKey, string>> = { en: EN, es: ES };

let current: Language = "en";

export function language(): Language {
  return current;
}

export function setLanguage(lang: Language): void {
  current = lang;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(EN, key);
}

/** The message in the current language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, values: Readonly<Record<string, string | number>> = {}): string {
  const template = DICTIONARIES[current][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
}

/** The dictionary of a language (for tests: both have the same keys). */
export function dictionary(lang: Language): Readonly<Record<MessageKey, string>> {
  return DICTIONARIES[lang];
}

export function kindLabel(kind: PolicyKind): string {
  return t(`kind.${kind}`);
}

export function modeLabel(mode: TransportMode): string {
  return t(`mode.${mode}`);
}

const formatters = new Map<string, Intl.NumberFormat>();

/** A number in the current language's style, with at most `digits` decimals. */
export function formatNumber(value: number, digits = 0): string {
  const key = `${current}:${digits}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(current === "es" ? "es-PE" : "en-US", {
      maximumFractionDigits: digits,
      minimumFractionDigits: 0,
    });
    formatters.set(key, format);
  }
  return format.format(Object.is(value, -0) ? 0 : value);
}

/**
 * Fills `[data-i18n]` elements' text and `[data-i18n-attr]` attributes
 * ("aria-label:key;title:key") under `root`.
 */
export function translate(root: ParentNode): void {
  for (const element of root.querySelectorAll<HTMLElement>("[data-i18n]")) {
    const key = element.dataset.i18n ?? "";
    if (isMessageKey(key)) element.textContent = t(key);
  }
  for (const element of root.querySelectorAll<HTMLElement>("[data-i18n-attr]")) {
    for (const pair of (element.dataset.i18nAttr ?? "").split(";")) {
      const [attribute, key] = pair.split(":");
      if (attribute && key && isMessageKey(key)) element.setAttribute(attribute.trim(), t(key));
    }
  }
}
