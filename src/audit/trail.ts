import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname } from "node:path";

/** One audited call: who did what to which records, and how it ended. Never a value, only field names. */
export interface AuditEntry {
  time: string;
  identity: string;
  client: string;
  transport: string;
  tool: string;
  model?: string;
  method?: string;
  ids?: number[];
  fields?: string[];
  outcome: "ok" | "error" | "refused" | "declined";
  error_kind?: string;
  ms: number;
}

/** Where audit lines go; a file with size-based rotation (`file.1` … `file.<backups>`). */
export interface AuditSink {
  write(entry: AuditEntry): void;
}

/** Appends JSON lines to `file`; before a line would push it past `maxBytes`, shifts the backups and starts anew. */
export class AuditFile implements AuditSink {
  constructor(
    private readonly file: string,
    private readonly maxBytes: number,
    private readonly backups: number,
    private readonly onError: (message: string) => void = () => {},
  ) {
    mkdirSync(dirname(file), { recursive: true });
  }

  write(entry: AuditEntry): void {
    const line = `${JSON.stringify(entry)}\n`;
    try {
      const size = existsSync(this.file) ? statSync(this.file).size : 0;
      if (size > 0 && size + Buffer.byteLength(line) > this.maxBytes) this.rotate();
      appendFileSync(this.file, line, { mode: 0o600 });
    } catch (e) {
      // An unwritable audit file must not take the server down; it is reported instead.
      this.onError(`audit: cannot write ${this.file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private rotate(): void {
    if (this.backups === 0) {
      rmSync(this.file, { force: true });
      return;
    }
    rmSync(`${this.file}.${this.backups}`, { force: true });
    for (let i = this.backups - 1; i >= 1; i--) {
      if (existsSync(`${this.file}.${i}`)) renameSync(`${this.file}.${i}`, `${this.file}.${i + 1}`);
    }
    renameSync(this.file, `${this.file}.1`);
  }
}

const sinks = new Map<string, AuditFile>();

/** The one sink per audit file (every session appends to the same one). */
export function auditFile(file: string, maxBytes: number, backups: number, onError?: (m: string) => void): AuditFile {
  let sink = sinks.get(file);
  if (!sink) {
    sink = new AuditFile(file, maxBytes, backups, onError);
    sinks.set(file, sink);
  }
  return sink;
}
