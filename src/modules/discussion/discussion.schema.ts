/** Rows owned by the discussion module. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DiscussionTables {}
