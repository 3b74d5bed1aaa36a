// (a) The first incident: a service in front of an LLM kept every completion it had produced,
// keyed by prompt, in a module-level map that nothing evicts. Prompts are rarely repeated, so the
// map only grows, and memory climbs until the container is OOM-killed.

export interface Completion {
  prompt: string;
  text: string;
  tokens: number;
}

const completions = new Map<string, Completion>();

/** Stands in for the model call: local work, but a result of realistic size. */
async function callModel(prompt: string): Promise<Completion> {
  const text = `A considered answer to "${prompt}". `.repeat(64);
  return { prompt, text, tokens: Math.ceil(text.length / 4) };
}

export async function handlePrompt(prompt: string): Promise<Completion> {
  const cached = completions.get(prompt);
  if (cached) return cached;
  const completion = await callModel(prompt);
  completions.set(prompt, completion);
  return completion;
}
