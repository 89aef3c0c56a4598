// Groq with groq-sdk (an OpenAI-style chat-completions API). JSON uses json_object mode (Groq's
// json_schema works only on some models); the schema travels in the prompt.
import Groq from 'groq-sdk';
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'groq-sdk/resources/chat/completions';
import { AiError, type ChatMessage, type ChatProvider, type ChatRequest, type ChatResult, type ProviderConfig } from '../types';
import { withClassifiedErrors } from './errors';
import { isReasoningModel, resultFromCompletion, resultFromStream, SDK_TIMEOUT_MS, toOpenAiMessages } from './openaiCompatible';

export const GROQ_DEFAULT_BASE_URL = 'https://api.groq.com';

/** json_object mode requires the word "json" in the messages: add the schema when nothing says so. */
function withJsonInstruction(messages: readonly ChatMessage[], schema: Record<string, unknown>): ChatMessage[] {
  if (messages.some((m) => /json/i.test(m.content))) return [...messages];
  return [{ role: 'system', content: `Answer with one JSON object that matches this JSON Schema:\n${JSON.stringify(schema)}` }, ...messages];
}

export function createGroqProvider(cfg: ProviderConfig): ChatProvider {
  if (!cfg.apiKey) throw new AiError('config', 'Groq: no API key is set (Set API Key).');
  const client = new Groq({
    apiKey: cfg.apiKey, // explicit: never GROQ_API_KEY / GROQ_BASE_URL from the environment
    baseURL: cfg.baseUrl ?? GROQ_DEFAULT_BASE_URL,
    maxRetries: 0,
    timeout: SDK_TIMEOUT_MS,
    logLevel: 'off',
  });
  const label = 'Groq';
  const ctx = { label, secrets: [cfg.apiKey] };

  async function send(req: ChatRequest): Promise<ChatResult> {
    const reasoning = isReasoningModel(req.model);
    const messages = req.json ? withJsonInstruction(req.messages, req.json.schema) : req.messages;
    const body: ChatCompletionCreateParamsNonStreaming = {
      model: req.model,
      // Same wire shape as OpenAI (content parts with image_url data URLs).
      messages: toOpenAiMessages(messages) as ChatCompletionMessageParam[],
    };
    if (req.maxOutputTokens !== undefined) body.max_completion_tokens = req.maxOutputTokens;
    if (!reasoning && req.temperature !== undefined) body.temperature = req.temperature;
    // Raw <think> output is incompatible with JSON mode and useless to us.
    if (reasoning) body.reasoning_format = 'hidden';
    if (req.json) body.response_format = { type: 'json_object' };
    if (req.onText) {
      const stream = await client.chat.completions.create({ ...body, stream: true }, { signal: req.signal });
      return resultFromStream(stream, req.onText, req.signal);
    }
    return resultFromCompletion(await client.chat.completions.create(body, { signal: req.signal }));
  }

  return withClassifiedErrors({
    id: 'groq',
    label,
    chat: (req) => send(req),
    async listModels(signal) {
      const page = await client.models.list({ signal });
      return page.data.map((m) => m.id).sort();
    },
  }, ctx);
}
