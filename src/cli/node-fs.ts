/** The real file system behind the CLI's `FileSystem` adapter. */
import { randomBytes } from "node:crypto";
import * as nodeFs from "node:fs";
import type { FileSystem, PathKind } from "./types.ts";

export const nodeFileSystem: FileSystem = {
  kind(path: string): PathKind | undefined {
    const stat = nodeFs.statSync(path, { throwIfNoEntry: false });
    if (stat === undefined) return undefined;
    return stat.isFile() ? "file" : stat.isDirectory() ? "directory" : "other";
  },
  readText: (path) => nodeFs.readFileSync(path, "utf8"),
  writeText: (path, text) => nodeFs.writeFileSync(path, text, "utf8"),
  mkdir: (path) => {
    nodeFs.mkdirSync(path, { recursive: true });
  },
  // Not fs.mkdtempSync: that creates the directory with mode 0700, which the output directory
  // would keep when it is renamed into place; mkdirSync applies the umask like any new directory.
  mkdtemp: (prefix) => {
    for (;;) {
      const path = prefix + randomBytes(6).toString("hex");
      try {
        nodeFs.mkdirSync(path);
        return path;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
    }
  },
  rename: (from, to) => nodeFs.renameSync(from, to),
  remove: (path) => nodeFs.rmSync(path, { recursive: true, force: true }),
};
