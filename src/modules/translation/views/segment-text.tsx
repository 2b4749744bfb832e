/**
 * Shows segment text with its placeholders as small visible tokens ({1} … {/1}), and glossary
 * terms marked with their renderings, so translators see what they must keep.
 */
export function SegmentText(props: { text: string; highlights?: Array<{ start: number; end: number; title: string }> }) {
  const parts: Array<{ text: string; kind: "text" | "ph" | "term"; title?: string }> = [];
  const marks = [...(props.highlights ?? [])].sort((a, b) => a.start - b.start);
  let pos = 0;
  const pushText = (chunk: string) => {
    for (const piece of chunk.split(/(\{\/?\d+\/?\})/)) {
      if (piece !== "") {
        parts.push({ text: piece, kind: /^\{\/?\d+\/?\}$/.test(piece) ? "ph" : "text" });
      }
    }
  };
  for (const m of marks) {
    if (m.start < pos) {
      continue;
    }
    pushText(props.text.slice(pos, m.start));
    parts.push({ text: props.text.slice(m.start, m.end), kind: "term", title: m.title });
    pos = m.end;
  }
  pushText(props.text.slice(pos));
  return (
    <>
      {parts.map((p) =>
        p.kind === "ph" ? (
          <code class="ph">{p.text}</code>
        ) : p.kind === "term" ? (
          <mark title={p.title} class="term">
            {p.text}
          </mark>
        ) : (
          p.text
        ),
      )}
    </>
  );
}
