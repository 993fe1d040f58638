import { useCallback, useEffect, useState } from "react";
import { api, type RecognitionPage } from "../../lib/api";

const PAGE_SIZE = 20; // the API's page size

/** One page of this browser's past drawings; `refresh` reloads after a new one is stored. */
export function useHistory() {
  const [page, setPage] = useState(1);
  const [data, setData] = useState<RecognitionPage | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let current = true;
    api
      .history(page)
      .then((result) => current && setData(result))
      .catch(() => current && setData(null));
    return () => {
      current = false;
    };
  }, [page, version]);

  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  const pages = data ? Math.max(1, Math.ceil(data.count / PAGE_SIZE)) : 1;
  // The image address comes from the API client too: components build no API URLs.
  return { data, page, pages, setPage, refresh, imageUrl: api.imageUrl };
}
