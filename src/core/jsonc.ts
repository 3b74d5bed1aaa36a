/**
 * JSON with comments and trailing commas (tsconfig.json, biome.jsonc, most .prettierrc.json5
 * files) parsed to an object, or undefined when it is not one or does not parse.
 */
export function parseJsonc(text: string): Record<string, unknown> | undefined {
  // Drop comments outside strings, then commas before a closing bracket.
  const stripped = text
    .replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (match, string: string | undefined) => string ?? '')
    .replace(
      /("(?:[^"\\]|\\.)*")|,(\s*[}\]])/g,
      (match, string: string | undefined, close: string | undefined) => string ?? close!,
    );
  try {
    const value: unknown = JSON.parse(stripped);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
