// Messages of the chat panel ("Flowcast: Open Chat"): the conversation state, a streamed answer
// (Stop cancels the request, which aborts the HTTP request), proposed actions applied on Apply,
// history paging (older messages, earlier conversations) and item links.
import * as z from 'zod/mini';
import { ItemIdSchema } from './messages';
import { defineNotification, defineRequest, defineStream } from './rpc';

const Text = (max: number) => z.string().check(z.maxLength(max));

export const ChatActionSchema = z.object({
  summary: z.string(),
  changes: z.array(z.object({ field: z.string(), before: z.string(), after: z.string() })),
  status: z.enum(['proposed', 'applied', 'refused']),
  /** Why it is refused (dry run) or why applying failed. */
  reason: z.optional(z.string()),
});
export type ChatActionView = z.infer<typeof ChatActionSchema>;

export const ChatMessageSchema = z.object({
  id: z.int(),
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  actions: z.array(ChatActionSchema),
  at: z.string(),
});
export type ChatMessageView = z.infer<typeof ChatMessageSchema>;

export const ChatStateSchema = z.object({
  backlog: z.nullable(z.object({ id: z.string(), name: z.string() })),
  conversation: z.nullable(z.object({ id: z.int(), title: z.string() })),
  /** The newest page, newest first. */
  messages: z.array(ChatMessageSchema),
  hasMore: z.boolean(),
  conversations: z.array(z.object({ id: z.int(), title: z.string(), updatedAt: z.string() })),
  /** "OpenAI · gpt-4.1-mini", or null when no provider is chosen. */
  model: z.nullable(z.string()),
  suggestions: z.array(z.string()),
  /** Known item IDs of the active backlog are linked; the page asks the host to open them. */
  problem: z.nullable(z.string()),
});
export type ChatState = z.infer<typeof ChatStateSchema>;

export const ChatStateChanged = defineNotification('chat/state', ChatStateSchema);

/** Sends a question; the answer streams as text deltas; the result is the stored assistant message. */
export const SendChatMessage = defineStream(
  'chat/send',
  z.strictObject({ text: Text(20_000).check(z.minLength(1)), useSelection: z.boolean(), useFile: z.boolean() }),
  z.object({ delta: z.string() }),
  z.object({ message: ChatMessageSchema }),
);
export const ApplyChatActions = defineRequest('chat/apply', z.strictObject({ messageId: z.int() }), z.object({ ok: z.boolean(), message: z.string() }));
export const LoadOlderMessages = defineRequest('chat/older', z.strictObject({ before: z.int() }), z.object({ messages: z.array(ChatMessageSchema), hasMore: z.boolean() }));
export const NewConversation = defineRequest('chat/new', z.strictObject({}), z.object({ done: z.boolean() }));
export const OpenConversation = defineRequest('chat/openConversation', z.strictObject({ id: z.int() }), z.object({ done: z.boolean() }));
export const PickChatModel = defineRequest('chat/pickModel', z.strictObject({}), z.object({ done: z.boolean() }));
export const OpenItemFromChat = defineRequest('chat/openItem', z.strictObject({ id: ItemIdSchema }), z.object({ done: z.boolean() }));
