/** Rows owned by the incidents module. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface IncidentsTables {}
