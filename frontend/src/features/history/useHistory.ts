import { useCallback, useEffect, useState } from "react";
import { api, asApiError, type ApiError, type Feedback, type Recognition, type RecognitionPage } from "../../lib/api";

const PAGE_SIZE = 20; // the API's page size

/**
 * One page of this browser's past drawings; `refresh` reloads after a new one is stored. One
 * drawing can be opened: relabelled or deleted, the page follows.
 */
export function useHistory() {
  const [page, setPage] = useState(1);
  const [data, setData] = useState<RecognitionPage | null>(null);
  const [version, setVersion] = useState(0);
  const [opened, setOpened] = useState<Recognition | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

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
  /** Delete the opened drawing for good; a failure (e.g. a digit of a number) is thrown. */
  const remove = useCallback(
    async (id: number) => {
      await api.deleteRecognition(id);
      setOpened(null);
      refresh();
    },
    [refresh],
  );

  const pages = data ? Math.max(1, Math.ceil(data.count / PAGE_SIZE)) : 1;
  // The image address comes from the API client too: components build no API URLs.
  return { data, page, pages, setPage, refresh, imageUrl: api.imageUrl, opened, open, feedback, remove, error };
}
