import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createTerminalProgressBar } from "../../src/cli/progress.ts";

/** A fake terminal: collects what cli-progress draws. */
function fakeTerminal(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY: true, columns: 100 });
  return { stream, text: () => text };
}

describe("createTerminalProgressBar", () => {
  it("draws the scenario name and the months done", () => {
    const terminal = fakeTerminal();
    const bar = createTerminalProgressBar(terminal.stream, 120, "peru");
    bar.update(60);
    bar.update(120);
    bar.stop();
    expect(terminal.text()).toContain("peru [");
    expect(terminal.text()).toContain("/120 months");
  });
});
