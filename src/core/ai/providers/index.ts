// One entry point for the SDK adapters (VS Code's own models live in src/ai/vscodeLm.ts).
import type { ChatProvider, ProviderConfig } from '../types';
import { createGeminiProvider } from './gemini';
import { createGroqProvider } from './groq';
import { createOpenAiProvider } from './openaiCompatible';

/** Builds the adapter for cfg.id. Throws AiError('config') for a missing key or an invalid base URL. */
export function createProvider(cfg: ProviderConfig): ChatProvider {
  switch (cfg.id) {
    case 'openai':
    case 'custom':
      return createOpenAiProvider({ ...cfg, id: cfg.id });
    case 'groq':
      return createGroqProvider(cfg);
    case 'gemini':
      return createGeminiProvider(cfg);
  }
}

export { classifyError, parseRetryAfter, scrubSecrets, type ErrorContext } from './errors';
export { createGeminiProvider } from './gemini';
export { createGroqProvider } from './groq';
export { createOpenAiProvider, isLoopbackHost, isReasoningModel, validateBaseUrl } from './openaiCompatible';
