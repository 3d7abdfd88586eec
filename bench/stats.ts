/** Small helpers shared by the bench sections and the soak script. */

/** The p-th percentile (nearest rank) of an ascending array; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function sortedCopy(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Milliseconds with a precision that suits their size. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return value < 1 ? `${value.toFixed(3)} ms` : value < 10 ? `${value.toFixed(2)} ms` : value < 100 ? `${value.toFixed(1)} ms` : `${value.toFixed(0)} ms`;
}

export function mb(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

/** `{ timeout: 2, ECONNRESET: 1 }` → `timeout 2, ECONNRESET 1`; `0` when empty. */
export function errorSummary(errors: Readonly<Record<string, number>>): string {
  const parts = Object.entries(errors).map(([k, n]) => `${k} ${n}`);
  return parts.length ? parts.join(', ') : '0';
}

export function errorTotal(errors: Readonly<Record<string, number>>): number {
  return Object.values(errors).reduce((a, b) => a + b, 0);
}

export function markdownTable(header: readonly string[], align: readonly ('l' | 'r')[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${align.map(a => (a === 'r' ? '---:' : '---')).join(' | ')} |`,
    ...rows.map(r => `| ${r.join(' | ')} |`),
  ];
}

/** One line describing the machine and Node, for every report. */
export async function machineLine(): Promise<string> {
  const os = await import('node:os');
  const cpu = os.cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  return `Node ${process.version}, ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${os
    .loadavg()
    .map(l => l.toFixed(2))
    .join(' / ')} at start`;
}
