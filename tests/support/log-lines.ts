/** The JSON lines of a process's log output (pino writes one object a line); other lines are skipped. */
export function jsonLogLines(text: string): Record<string, any>[] {
  return text.split('\n').flatMap(line => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}
