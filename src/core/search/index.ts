// Full-text search over backlog items.
export { ftsDocument } from './document';
export { plainSnippet, type PlainSnippet } from './plainText';
export { isIdLike, MAX_QUERY_LENGTH, MAX_TERMS, parseQuery, textTokens, type ParsedQuery, type QueryFilters, type QueryTerm } from './query';
export {
  bm25,
  BM25_B,
  BM25_K1,
  COLUMN_WEIGHTS,
  DEFAULT_LIMIT,
  documentFrequency,
  ELLIPSIS,
  HIGHLIGHT_END,
  HIGHLIGHT_START,
  searchItems,
  snippetSegments,
  type SearchHit,
  type SearchOptions,
  type SearchResult,
  type SnippetSegment,
} from './search';
