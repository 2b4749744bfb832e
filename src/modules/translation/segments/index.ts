// Public surface of translation/segments: pure segmentation of statement bodies into sentences
// with numbered placeholders, segment ids, and rebuilding Markdown from translated segments.
export { segmentStatement, segmentId, withSegmentIds, type BlockKind, type SegmentDraft } from "./segment.model";
export { renderTranslatedMarkdown, type TranslatedSegment } from "./segment.render";
export {
  parsePlaceholders,
  placeholderIds,
  splitSegmentText,
  segmentPlainText,
  escapeBraces,
  firstNestingError,
  type Markup,
  type MarkupKind,
  type PlaceholderToken,
  type PlaceholderError,
  type TextPart,
} from "./placeholder.model";
export { sentenceBoundaries } from "./sentence.model";
