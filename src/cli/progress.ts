/** The progress bar `cocasim run` draws on a terminal (cli-progress). */
import cliProgress from "cli-progress";
import type { ProgressBar } from "./types.ts";

export function createTerminalProgressBar(
  stream: NodeJS.WriteStream,
  monthsTotal: number,
  label: string,
): ProgressBar {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: "{label} [{bar}] {percentage}% | {value}/{total} months | ETA {eta_formatted}",
      hideCursor: true,
      clearOnComplete: true,
      barsize: 30,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(monthsTotal, 0, { label });
  return {
    update: (monthsDone) => bar.update(monthsDone),
    stop: () => bar.stop(),
  };
}
