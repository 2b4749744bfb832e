/** Rows owned by the media module. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MediaTables {}
