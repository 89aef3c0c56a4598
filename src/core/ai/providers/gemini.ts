// Google Gemini with @google/genai (Gemini API, never Vertex): system messages become the system
// instruction, assistant turns the 'model' role, images inlineData parts; JSON through
// responseMimeType + responseJsonSchema.
// @google/genai is ESM-only for TypeScript's node16 resolution: types come through an import-mode
// type import and the SDK itself through a dynamic import (bundled by esbuild, lazy in Node).
import type { Content, GenerateContentConfig, GenerateContentResponse, GoogleGenAI, Part } from '@google/genai' with { 'resolution-mode': 'import' };
import { AiError, type ChatMessage, type ChatProvider, type ChatRequest, type ChatResult, type ProviderConfig } from '../types';
import { withClassifiedErrors } from './errors';

export interface GeminiRequestParts {
  contents: Content[];
  systemInstruction?: string;
}

/** Our messages as Gemini contents plus a system instruction. */
export function toGeminiContents(messages: readonly ChatMessage[]): GeminiRequestParts {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content);
  const contents = messages
    .filter((m) => m.role !== 'system')
    .map((m): Content => {
      const parts: Part[] = [{ text: m.content }];
      if (m.role === 'user') for (const img of m.images ?? []) parts.push({ inlineData: { mimeType: img.mime, data: img.base64 } });
      return { role: m.role === 'assistant' ? 'model' : 'user', parts };
    });
  return system.length ? { contents, systemInstruction: system.join('\n\n') } : { contents };
}

/** Text of the first candidate, without thought parts (avoids the SDK's `.text` warnings). */
function textOf(r: GenerateContentResponse): string {
  return (r.candidates?.[0]?.content?.parts ?? [])
    .filter((p) => typeof p.text === 'string' && !p.thought)
    .map((p) => p.text)
    .join('');
}

/** finishReason is an SDK enum we only have as a type (the SDK loads lazily): compare its value. */
function hitTokenLimit(r: GenerateContentResponse): boolean {
  return String(r.candidates?.[0]?.finishReason) === 'MAX_TOKENS';
}

function usageOf(r: GenerateContentResponse): ChatResult['usage'] {
  const u = r.usageMetadata;
  if (!u) return undefined;
  return { inputTokens: u.promptTokenCount, outputTokens: u.candidatesTokenCount };
}

export function createGeminiProvider(cfg: ProviderConfig): ChatProvider {
  if (!cfg.apiKey) throw new AiError('config', 'Google Gemini: no API key is set (Set API Key).');
  const apiKey = cfg.apiKey;
  let client: Promise<GoogleGenAI> | undefined;
  const sdk = () =>
    (client ??= import('@google/genai').then(
      ({ GoogleGenAI }) =>
        new GoogleGenAI({
          apiKey, // explicit, so GEMINI_API_KEY / GOOGLE_API_KEY are never read
          vertexai: false, // never switched to Vertex AI by GOOGLE_GENAI_USE_VERTEXAI
          ...(cfg.baseUrl ? { httpOptions: { baseUrl: cfg.baseUrl } } : {}),
        }),
    ));
  const label = 'Google Gemini';
  const ctx = { label, secrets: [cfg.apiKey] };

  async function send(req: ChatRequest): Promise<ChatResult> {
    const { contents, systemInstruction } = toGeminiContents(req.messages);
    const config: GenerateContentConfig = { abortSignal: req.signal };
    if (systemInstruction) config.systemInstruction = systemInstruction;
    if (req.temperature !== undefined) config.temperature = req.temperature;
    if (req.maxOutputTokens !== undefined) config.maxOutputTokens = req.maxOutputTokens;
    if (req.json) {
      const { $schema: _ignored, ...schema } = req.json.schema;
      config.responseMimeType = 'application/json';
      config.responseJsonSchema = schema;
    }
    const params = { model: req.model, contents, config };
    const ai = await sdk();
    if (req.onText) {
      let text = '';
      let last: GenerateContentResponse | undefined;
      let usage: ChatResult['usage'];
      let truncated = false;
      for await (const chunk of await ai.models.generateContentStream(params)) {
        req.signal.throwIfAborted(); // buffered chunks still arrive after an abort
        last = chunk;
        usage = usageOf(chunk) ?? usage;
        if (hitTokenLimit(chunk)) truncated = true;
        const delta = textOf(chunk);
        if (delta) {
          text += delta;
          req.onText(delta);
        }
      }
      req.signal.throwIfAborted();
      return result(text, last?.modelVersion, usage, truncated);
    }
    const r = await ai.models.generateContent(params);
    return result(textOf(r), r.modelVersion, usageOf(r), hitTokenLimit(r));
  }

  return withClassifiedErrors({
    id: 'gemini',
    label,
    chat: (req) => send(req),
    async listModels(signal) {
      const ai = await sdk();
      const ids: string[] = [];
      for await (const m of await ai.models.list({ config: { abortSignal: signal, pageSize: 100 } })) {
        if (!m.name) continue;
        if (m.supportedActions && !m.supportedActions.includes('generateContent')) continue;
        ids.push(m.name.replace(/^models\//, ''));
      }
      return ids.sort();
    },
  }, ctx);
}

function result(text: string, model: string | undefined, usage: ChatResult['usage'], truncated: boolean): ChatResult {
  const out: ChatResult = { text };
  if (model) out.model = model;
  if (usage) out.usage = usage;
  if (truncated) out.truncated = true;
  return out;
}
