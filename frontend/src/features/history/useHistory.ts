import { useCallback, useEffect, useState } from "react";
import { api, asApiError, type ApiError, type Feedback, type Recognition, type RecognitionPage } from "../../lib/api";
import type { Belonging } from "./belonging";

const PAGE_SIZE = 20; // the API's page size

/**
 * One page of this browser's past drawings; `refresh` reloads after a new one is stored. One
 * drawing can be opened: relabelled or deleted (a number's digit with its whole number), the page follows.
 */
export function useHistory() {
  const [page, setPage] = useState(1);
  const [data, setData] = useState<RecognitionPage | null>(null);
  const [version, setVersion] = useState(0);
  const [opened, setOpened] = useState<Recognition | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // The last drawing or number deleted here: the workspace drops an answer that shows it.
  const [deleted, setDeleted] = useState<Belonging | null>(null);

  useEffect(() => {
    let current = true;
    api
      .history(page)
      .then((result) => current && setData(result))
      .catch(() => {
        if (!current) return;
        setData(null);
        // The last drawing of a later page was deleted: that page is gone, the first is not.
        if (page > 1) setPage(1);
      });
    return () => {
      current = false;
    };
  }, [page, version]);

  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  const open = useCallback((item: Recognition | null) => {
    setError(null);
    setOpened(item);
  }, []);
  const feedback = useCallback(
    (id: number, given: Feedback) => {
      setError(null);
      api.feedback(id, given).then(
        (updated) => {
          setOpened(updated);
          refresh();
        },
        (failure) => setError(asApiError(failure)),
      );
    },
    [refresh],
  );
  /** Delete the opened drawing, or the whole number it is a digit of, for good; a failure is thrown. */
  const remove = useCallback(
    async (target: Belonging) => {
      await (target.kind === "number" ? api.deleteNumber(target.id) : api.deleteRecognition(target.id));
      setOpened(null);
      setDeleted(target);
      refresh();
    },
    [refresh],
  );

  const pages = data ? Math.max(1, Math.ceil(data.count / PAGE_SIZE)) : 1;
  // The image address comes from the API client too: components build no API URLs.
  return { data, page, pages, setPage, refresh, imageUrl: api.imageUrl, opened, open, feedback, remove, deleted, error };
}
