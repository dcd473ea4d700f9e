/**
 * Reports (issue #4 §5): self-contained offline HTML pages of stored runs,
 * ensembles and experiments, with hand-written inline SVG charts. Pure.
 */
export { dec, esc, fixed, num, pct, pValue } from "./format.ts";
export { page, REPORT_CSS } from "./html.ts";
export { type ExperimentReportInput, experimentReport, type RunsReportInput, runsReport } from "./report.ts";
export {
  type BoxLimit,
  boxChart,
  type FanChartSpec,
  fanChart,
  linear,
  niceDomain,
  niceTicks,
  type TornadoBar,
  type TornadoSpec,
  tornadoChart,
  tradeoffChart,
} from "./svg.ts";
