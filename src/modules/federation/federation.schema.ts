/** Rows owned by the federation module. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FederationTables {}
