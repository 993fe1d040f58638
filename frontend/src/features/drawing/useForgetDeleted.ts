import { useEffect } from "react";
import type { Belonging } from "../history/belonging";
import type { Submission } from "./useSubmission";

/**
 * The answer shown stops saying "stored as #N" once that drawing (or number) is deleted
 * elsewhere, e.g. from the history: it goes, as after the workspace's own Delete.
 */
export function useForgetDeleted<R extends { id: number }>(
  { state, reset }: Pick<Submission<R, unknown>, "state" | "reset">,
  deleted: Belonging | null,
  kind: Belonging["kind"],
) {
  const shown = state.status === "done" ? state.result.id : null;
  useEffect(() => {
    if (deleted?.kind === kind && deleted.id === shown) reset();
  }, [deleted, kind, shown, reset]);
}
