/** Rows owned by the media module. */
export interface MediaTables {
  media: {
    id: string;
    owner_kind: string;
    owner_id: string;
    kind: string;
    public_hash: string;
    mime: string;
    filename: string;
    alt: string;
    byte_size: number;
    width: number | null;
    height: number | null;
    /** JSON: MediaVariant[]. */
    variants: string;
    original_key: string | null;
    original_sha256: string | null;
    created_by: string | null;
    created_at: string;
  };
}
