/**
 * A minimal OpenAI-compatible chat client (`POST …/v1/chat/completions`), configured by
 * LOGLAKE_LLM_URL, LOGLAKE_LLM_MODEL and LOGLAKE_LLM_API_KEY. Nothing is sent unless the URL is set;
 * the key is sent only as a bearer token and never appears in messages.
 */
import { LoglakeError } from '../../core/errors.js';

/** Model endpoint settings. */
export interface LlmConfig { url: string; model: string; apiKey?: string; timeoutMs: number }

/** One chat message. */
export interface ChatMessage { role: 'system' | 'user' | 'assistant'; content: string }

/** Reads the configuration from the environment; undefined when no endpoint is configured. */
export function llmConfigFromEnv(env: NodeJS.ProcessEnv = process.env): LlmConfig | undefined {
  const url = env.LOGLAKE_LLM_URL?.trim();
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new LoglakeError('CONFIG_INVALID', `LOGLAKE_LLM_URL is not a URL: ${redactUrl(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new LoglakeError('CONFIG_INVALID', `LOGLAKE_LLM_URL must be http(s), got ${parsed.protocol}`);
  const model = env.LOGLAKE_LLM_MODEL?.trim();
  if (!model) throw new LoglakeError('CONFIG_INVALID', 'LOGLAKE_LLM_URL is set but LOGLAKE_LLM_MODEL is not');
  return { url, model, apiKey: env.LOGLAKE_LLM_API_KEY || undefined, timeoutMs: 120_000 };
}

/** The endpoint without credentials or query string (safe to print). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString();
  } catch {
    return '<invalid URL>';
  }
}

/** The chat-completions URL for a configured base (accepts a base, …/v1 or the full path). */
export function completionsUrl(base: string): string {
  const b = base.replace(/\/+$/, '');
  if (/\/chat\/completions$/.test(b)) return b;
  if (/\/v1$/.test(b)) return `${b}/chat/completions`;
  return `${b}/v1/chat/completions`;
}

/**
 * Sends the messages and returns the assistant's text.
 * @throws LoglakeError IO on network errors, non-2xx replies or a reply without content
 */
export async function chat(cfg: LlmConfig, messages: ChatMessage[]): Promise<string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (cfg.apiKey) headers.authorization = `Bearer ${cfg.apiKey}`;
  let res: Response;
  try {
    res = await fetch(completionsUrl(cfg.url), {
      method: 'POST', headers, signal: AbortSignal.timeout(cfg.timeoutMs),
      body: JSON.stringify({ model: cfg.model, messages, temperature: 0 }),
    });
  } catch (e) {
    throw new LoglakeError('IO', `model endpoint ${redactUrl(cfg.url)} unreachable: ${scrub((e as Error).message, cfg)}`);
  }
  const text = await res.text();
  if (!res.ok) throw new LoglakeError('IO', `model endpoint ${redactUrl(cfg.url)} answered HTTP ${res.status}: ${scrub(text.slice(0, 200), cfg)}`);
  let content: unknown;
  try {
    content = (JSON.parse(text) as { choices?: Array<{ message?: { content?: unknown } }> }).choices?.[0]?.message?.content;
  } catch {
    content = undefined;
  }
  if (typeof content !== 'string') throw new LoglakeError('IO', `model endpoint ${redactUrl(cfg.url)} sent no chat completion`);
  return content;
}

function scrub(s: string, cfg: LlmConfig): string {
  return cfg.apiKey ? s.split(cfg.apiKey).join('***') : s;
}

/**
 * Extracts the SQL from a model reply: a ```sql fenced block, else the whole text.
 * Returns `{ refuse }` when the model answered `REFUSE: reason`.
 */
export function extractSql(reply: string): { sql: string } | { refuse: string } {
  const r = /^\s*REFUSE\b:?\s*(.*)$/is.exec(reply);
  if (r) return { refuse: r[1]!.trim().split('\n')[0] || 'the model declined' };
  const fence = /```(?:sql|duckdb)?\s*\n([\s\S]*?)```/i.exec(reply);
  return { sql: (fence ? fence[1]! : reply).trim() };
}
