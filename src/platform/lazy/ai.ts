// Bundled separately (dist/lazy/ai.js) and required on first AI use, so activation never loads
// the openai / groq-sdk / @google/genai SDKs.
export { createProvider } from '../../core/ai/providers';
