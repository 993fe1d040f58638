import type { Feedback, Recognition } from "../../lib/api";
import { drawingUrl } from "./api";
import { ResultPanel } from "./ResultPanel";

interface Props {
  recognition: Recognition;
  onFeedback: (id: number, feedback: Feedback) => void;
}

/** A stored drawing's answer as the page showed it, to relabel it later (the history opens it). */
export function StoredDrawing({ recognition, onFeedback }: Props) {
  return (
    <ResultPanel
      reading={{ source: "stored", state: { status: "done", result: recognition }, stale: false }}
      onFeedback={onFeedback}
      drawingUrl={drawingUrl}
    />
  );
}
